"""Persistent PyTorch side of the step benchmarks (bench/steps.ts drives it).

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout.
  {"cmd": "setup", "manifest": "/tmp/.../mlp-mse.json"}  -> {"ok": true, "firstLoss": float}
  {"cmd": "run", "steps": N}                             -> {"times": [wall ms, ...], "cpu": [process CPU ms, ...]}
  {"cmd": "quit"}
The manifest names the workload and the float32/int32 files holding the data and the initial
parameters, written by the TypeScript side from its seeded Rng, so both sides compute the same
thing from the same numbers (the first-step loss is compared by the driver).
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(manifest):
    base = os.path.dirname(manifest["path"])
    out = {}
    for name, t in manifest["tensors"].items():
        dtype = np.int32 if t["dtype"] == "int32" else np.float32
        a = np.fromfile(os.path.join(base, t["file"]), dtype=dtype).reshape(t["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out


ACT = {"relu": torch.relu, "tanh": torch.tanh}


def mlp_forward(p, x, act):
    """Same layout as src/trainer/models/mlp.ts: W stored [in, out], h = act(x W + b)."""
    h = x
    n = len(p) // 2
    for i in range(n - 1):
        h = act(torch.addmm(p[2 * i + 1], h, p[2 * i]))
    return torch.addmm(p[-1], h, p[-2])


def cnn_params(p):
    """Our conv weights are [kh, kw, in, out] (NHWC); PyTorch wants [out, in, kh, kw]. The dense
    weight's rows follow our NHWC flatten; reorder them for PyTorch's NCHW flatten."""
    w1 = p[0].permute(3, 2, 0, 1).contiguous()
    w2 = p[2].permute(3, 2, 0, 1).contiguous()
    c = p[2].shape[3]
    units = p[4].shape[0]
    hw = int(round((units // c) ** 0.5))
    w3 = p[4].reshape(hw, hw, c, -1).permute(2, 0, 1, 3).reshape(units, -1).contiguous()
    return [w1, p[1].clone(), w2, p[3].clone(), w3, p[5].clone()]


def cnn_forward(p, x, side):
    h = x.reshape(-1, 1, side, side)
    h = F.max_pool2d(torch.relu(F.conv2d(h, p[0], p[1], padding=1)), 2)
    h = F.max_pool2d(torch.relu(F.conv2d(h, p[2], p[3], padding=1)), 2)
    return torch.addmm(p[5], h.reshape(h.shape[0], -1), p[4])


class Workload:
    def __init__(self, m):
        self.m = m
        t = load(m)
        self.x, self.y, self.perm = t["x"], t["y"], t["perm"].long()
        self.batch = m["batch"]
        self.nbatches = self.x.shape[0] // self.batch
        self.i = 0
        self.kind = m["workload"]
        self.act = ACT[m.get("activation", "relu")]
        params = [t[f"p{i}"] for i in range(m["nParams"])]
        if self.kind == "cnn":
            params = cnn_params(params)
            self.labels = self.y.argmax(1)
        elif self.kind == "mlp-ce":
            self.labels = self.y.argmax(1)
        self.p = [q.clone().requires_grad_(True) for q in params]
        if self.kind in ("mlp-mse", "mlp-ce", "cnn", "gp"):
            self.opt = torch.optim.Adam(self.p, lr=m["lr"])
        if self.kind == "hvp":
            self.v = [t[f"v{i}"] for i in range(m["nParams"])]
        if self.kind == "adalfl":
            self.phi = [t[f"phi{i}"].clone().requires_grad_(True) for i in range(m["nPhi"])]
            self.meta_opt = torch.optim.Adam(self.phi, lr=m["metaLr"])

    def batch_rows(self):
        b = self.i % self.nbatches
        self.i += 1
        return self.perm[b * self.batch:(b + 1) * self.batch]

    def forward(self, p, x):
        if self.kind == "cnn":
            return cnn_forward(p, x, self.m["side"])
        return mlp_forward(p, x, self.act)

    def step(self):
        rows = self.batch_rows()
        x, y = self.x[rows], self.y[rows]
        k = self.kind
        if k in ("mlp-mse", "mlp-ce", "cnn"):
            self.opt.zero_grad(set_to_none=True)
            out = self.forward(self.p, x)
            loss = F.mse_loss(out, y) if k == "mlp-mse" else F.cross_entropy(out, self.labels[rows])
            loss.backward()
            self.opt.step()
            return loss.item()
        if k == "gp":
            self.opt.zero_grad(set_to_none=True)
            x = x.clone().requires_grad_(True)
            out = self.forward(self.p, x)
            (gx,) = torch.autograd.grad(out.sum(), x, create_graph=True)
            loss = F.mse_loss(out, y) + self.m["penalty"] * gx.pow(2).sum(1).mean()
            loss.backward()
            self.opt.step()
            return loss.item()
        if k == "hvp":
            loss = F.mse_loss(self.forward(self.p, x), y)
            g = torch.autograd.grad(loss, self.p, create_graph=True)
            dot = sum((gi * vi).sum() for gi, vi in zip(g, self.v))
            hv = torch.autograd.grad(dot, self.p)
            return float(loss.item()) + 0 * float(hv[0][0, 0])
        if k == "adalfl":
            out = self.forward(self.p, x)
            learned = loss_net(self.phi, out, y)
            g = torch.autograd.grad(learned, self.p, create_graph=True)
            new_p = [q - self.m["baseLr"] * gi for q, gi in zip(self.p, g)]
            task = F.mse_loss(self.forward(new_p, x), y)
            self.meta_opt.zero_grad(set_to_none=True)
            gphi = torch.autograd.grad(task, self.phi)
            for q, gq in zip(self.phi, gphi):
                q.grad = gq
            self.meta_opt.step()
            self.p = [q.detach().requires_grad_(True) for q in new_p]
            return learned.item()
        raise ValueError(f"unknown workload {k}")


def loss_net(phi, out, y):
    """AdaLFL-style learned loss: 2->50->50->1, ReLU hidden, no biases, softplus output, mean over rows."""
    z = torch.cat([out, y], 1)
    h = torch.relu(z @ phi[0])
    h = torch.relu(h @ phi[1])
    return F.softplus(h @ phi[2]).mean()


def main():
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    w = None
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        msg = json.loads(line)
        cmd = msg["cmd"]
        if cmd == "setup":
            with open(msg["manifest"]) as f:
                m = json.load(f)
            m["path"] = msg["manifest"]
            w = Workload(m)
            first = w.step()
            print(json.dumps({"ok": True, "firstLoss": first}), flush=True)
        elif cmd == "run":
            times, cpu = [], []
            for _ in range(msg["steps"]):
                t0, c0 = time.perf_counter(), time.process_time()
                w.step()
                cpu.append((time.process_time() - c0) * 1000.0)
                times.append((time.perf_counter() - t0) * 1000.0)
            print(json.dumps({"times": times, "cpu": cpu}), flush=True)
        elif cmd == "quit":
            break


if __name__ == "__main__":
    main()
