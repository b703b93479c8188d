"""One process's share of the "two cores" bench row, in PyTorch: 128 x 128 matrix products on one
thread (native BLAS), the wall time of a fixed amount of them printed in ms."""
import time

import torch

torch.set_num_threads(1)
a = torch.randn(128, 128)
b = torch.randn(128, 128)
for _ in range(50):
    a @ b
t = time.perf_counter()
for _ in range(20000):
    a @ b
print((time.perf_counter() - t) * 1000)
