#!/usr/bin/env python3
"""Export the small real datasets bundled with scikit-learn to datasets/<name>.csv.

Loss Lab loads these CSV files at run time (src/trainer/data/builtin.ts), so the trainer needs
no Python. This script was run once and its output is committed; rerun it only to regenerate.

Usage (Debian/Ubuntu):
    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/export-sklearn-datasets.py [output-folder]   # default: ./datasets

Each file has a header row with scikit-learn's feature names followed by `target`, one row per
sample in scikit-learn's order. Numbers are written compactly (integers without a decimal point,
others with at most 10 significant digits), which keeps the files small. Classification targets
are scikit-learn's class indices (0, 1, ...); class names are listed in datasets/LICENSES.md and
src/trainer/data/builtin.ts.

Diabetes is exported unscaled (`load_diabetes(scaled=False)`, scikit-learn >= 1.1): the original
age, sex, bmi, bp, s1..s6 values and the disease-progression target.
"""
import csv
import os
import sys

import sklearn
from sklearn import datasets


def fmt(v):
    """Compact text for a number: integers without '.0', others with at most 10 significant digits
    (the trainer reads float32, about 7 digits, so nothing is lost; this also removes binary
    round-off such as 4.803999999999999 in scikit-learn's raw diabetes file)."""
    f = float(v)
    if f.is_integer():
        return str(int(f))
    return "%.10g" % f


def export(name, bunch, out_dir):
    path = os.path.join(out_dir, f"{name}.csv")
    names = [str(n) for n in bunch.feature_names]
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(names + ["target"])
        for row, t in zip(bunch.data, bunch.target):
            w.writerow([fmt(v) for v in row] + [fmt(t)])
    print(f"{path}: {bunch.data.shape[0]} rows x {bunch.data.shape[1]} features")


def main():
    default_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets")
    out_dir = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default_dir)
    os.makedirs(out_dir, exist_ok=True)
    print(f"scikit-learn {sklearn.__version__}")
    export("digits", datasets.load_digits(), out_dir)
    export("iris", datasets.load_iris(), out_dir)
    export("wine", datasets.load_wine(), out_dir)
    export("breastCancer", datasets.load_breast_cancer(), out_dir)
    export("diabetes", datasets.load_diabetes(scaled=False), out_dir)


if __name__ == "__main__":
    main()
