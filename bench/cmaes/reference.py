#!/usr/bin/python3
"""Reference side of the CMA-ES cross-check (bench/cmaes/compare.ts).

Runs the `cmaes` library (Debian's python3-cmaes, https://github.com/CyberAgentAILab/cmaes) with its
default strategy parameters (population 4 + floor(3 ln n)) on the test functions of
test/unit/evolve/cmaes.test.ts and prints, as one JSON object on stdout, for every function and seed the
number of evaluations after the generation in which the best f first reached the target.

Usage: /usr/bin/python3 bench/cmaes/reference.py --spec '{"dim": 8, "seeds": [0, 1], "target": 1e-8,
       "maxEvaluations": 30000, "functions": [{"name": "sphere", "mean": 3, "sigma": 2}]}'
"""
import argparse
import json
import sys

import numpy as np
import cmaes
from cmaes import CMA


def sphere(x):
    return float(np.sum(x * x))


def ellipsoid(x):
    n = len(x)
    scales = 1e6 ** (np.arange(n) / (n - 1))
    return float(np.sum(scales * x * x))


def rosenbrock(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


FUNCTIONS = {"sphere": sphere, "ellipsoid": ellipsoid, "rosenbrock": rosenbrock}


def run(f, dim, mean, sigma, seed, target, max_evaluations):
    opt = CMA(mean=np.full(dim, float(mean)), sigma=float(sigma), seed=seed)
    evaluations = 0
    best = float("inf")
    generations = 0
    stopped = False
    while evaluations < max_evaluations and best > target:
        solutions = []
        for _ in range(opt.population_size):
            x = opt.ask()
            v = f(x)
            solutions.append((x, v))
            best = min(best, v)
        evaluations += len(solutions)
        opt.tell(solutions)
        generations += 1
        if best > target and opt.should_stop():
            # The library's own termination (e.g. a stalled Rosenbrock run): count it as unsolved.
            stopped = True
            break
    return {
        "seed": seed,
        "evaluations": evaluations,
        "generations": generations,
        "best": best,
        "solved": best <= target,
        "stopped": stopped,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True, help="JSON: dim, seeds, target, maxEvaluations, functions")
    spec = json.loads(parser.parse_args().spec)
    dim = int(spec["dim"])
    results = {}
    population = None
    for fn in spec["functions"]:
        f = FUNCTIONS[fn["name"]]
        runs = [run(f, dim, fn["mean"], fn["sigma"], int(s), float(spec["target"]), int(spec["maxEvaluations"])) for s in spec["seeds"]]
        results[fn["name"]] = runs
    population = CMA(mean=np.zeros(dim), sigma=1.0, seed=0).population_size
    json.dump(
        {
            "library": "cmaes",
            "version": getattr(cmaes, "__version__", "unknown"),
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "population": population,
            "results": results,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
