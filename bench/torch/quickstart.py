"""The quickstart experiment (examples/quickstart.losslab.json) written as a plain PyTorch script, for
the whole-run wall-time comparison (bench/system.ts times the whole process, `import torch` included).

Same work as `loss-lab run`: the same spiral data (written by the bench from our generator), an MLP
2-64-64-3 ReLU, four arms (cross-entropy, focal gamma=2, label smoothing 0.1, MSE on softmax) from the
same initial weights, Adam lr 0.01 with 20 warm-up steps then cosine decay, batch 64, 60 epochs; every
step records the loss and the global and per-layer gradient norms, every epoch evaluates on the
validation split, records go to a JSON-lines file; a final test evaluation per arm.
Usage: python3 quickstart.py <manifest.json> <metrics-out.jsonl>
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load(manifest, name):
    t = manifest["tensors"][name]
    a = np.fromfile(os.path.join(os.path.dirname(manifest["path"]), t["file"]), dtype=np.float32)
    return torch.from_numpy(a.reshape(t["shape"]).copy())


def lr_at(step, total, base, warmup):
    if step < warmup:
        return base * (step + 1) / warmup
    q = min(1.0, (step - warmup) / max(1, total - warmup))
    return base * (1 + math.cos(math.pi * q)) / 2


def loss_fn(kind, z, y):
    if kind == "ce":
        return F.cross_entropy(z, y)
    if kind == "focal":
        logp = F.log_softmax(z, 1).gather(1, y[:, None]).squeeze(1)
        return (-((1 - logp.exp()) ** 2) * logp).mean()
    if kind == "labelSmoothing":
        return F.cross_entropy(z, y, label_smoothing=0.1)
    if kind == "mse":
        return ((F.softmax(z, 1) - F.one_hot(y, z.shape[1]).float()) ** 2).sum(1).mean()
    raise ValueError(kind)


def main():
    with open(sys.argv[1]) as f:
        m = json.load(f)
    m["path"] = sys.argv[1]
    out = open(sys.argv[2], "w")
    if os.environ.get("BENCH_THREADS"):
        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
    xtr, ytr = load(m, "trainX"), load(m, "trainY").long()
    xva, yva = load(m, "valX"), load(m, "valY").long()
    xte, yte = load(m, "testX"), load(m, "testY").long()
    torch.manual_seed(0)
    model0 = nn.Sequential(nn.Linear(xtr.shape[1], 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, m["classes"]))
    batch, epochs = m["batch"], m["epochs"]
    steps_per_epoch = math.ceil(len(xtr) / batch)
    total = steps_per_epoch * epochs
    for arm in m["arms"]:
        model = nn.Sequential(*[type(l)(*([l.in_features, l.out_features] if isinstance(l, nn.Linear) else [])) for l in model0])
        model.load_state_dict(model0.state_dict())
        opt = torch.optim.Adam(model.parameters(), lr=m["lr"])
        gen = torch.Generator().manual_seed(0)
        step = 0
        for epoch in range(epochs):
            perm = torch.randperm(len(xtr), generator=gen)
            recs = []
            for b in range(steps_per_epoch):
                rows = perm[b * batch:(b + 1) * batch]
                for g in opt.param_groups:
                    g["lr"] = lr_at(step, total, m["lr"], m["warmup"])
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(arm, model(xtr[rows]), ytr[rows])
                loss.backward()
                norms = [p.grad.pow(2).sum() for p in model.parameters()]
                layer = [math.sqrt(float(norms[i] + norms[i + 1])) for i in range(0, len(norms), 2)]
                opt.step()
                step += 1
                recs.append({"arm": arm, "step": step, "kind": "train", "values": {"loss": loss.item(), "gradNorm": math.sqrt(sum(float(n) for n in norms)), "layers": layer}})
            with torch.no_grad():
                z = model(xva)
                recs.append({"arm": arm, "step": step, "kind": "eval", "values": {"loss": loss_fn(arm, z, yva).item(), "accuracy": (z.argmax(1) == yva).float().mean().item(), "ce": F.cross_entropy(z, yva).item()}})
            out.write("".join(json.dumps(r) + "\n" for r in recs))
            out.flush()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        print(f"{arm}: test accuracy {acc:.3f}")
    out.close()


if __name__ == "__main__":
    main()
