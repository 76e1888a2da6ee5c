"""PyTorch side of the bench: one epoch of the lab's MLP or ConvNet on the
lab's own MNIST pack, with the lab's training settings (batch 64, SGD with
momentum 0.9, cosine decay per step, PyTorch's default init, which the lab
mirrors). Prints one JSON line per (model, threads).

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_epoch.py --models mlp,convnet --threads 1,2
"""
import argparse
import json
import math
import os
import struct
import time

# One OpenBLAS thread inside each of torch's threads; more would oversubscribe.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

PACK = os.path.join(os.path.dirname(__file__), "..", "public", "data", "mnist.pack")


def read_pack(path):
    """Decodes a lab pack (see src/engine/data/pack.ts): header + uint8 sections."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:4] != b"LABP":
        raise SystemExit(f"{path}: not a lab data pack")
    (header_len,) = struct.unpack_from("<I", raw, 4)
    header = json.loads(raw[8 : 8 + header_len])
    data_start = (8 + header_len + 3) & ~3
    sections = {
        s["name"]: np.frombuffer(raw, np.uint8, s["byteLength"], data_start + s["byteOffset"])
        for s in header["sections"]
        if s["dtype"] == "uint8"
    }
    shape = header["input"]

    def split(part):
        x = sections[f"{part}.x"].reshape(-1, shape["height"], shape["width"], shape["channels"])
        # The lab stores height x width x channels; PyTorch wants channels first.
        x = torch.from_numpy(x.transpose(0, 3, 1, 2).astype(np.float32) / 255.0)
        y = torch.from_numpy(sections[f"{part}.y"].astype(np.int64))
        return x, y

    return split("train"), split("test"), len(header["classes"])


def mlp(classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, classes))


def convnet(classes, width, depth, channels=1, side=28):
    layers = []
    for _ in range(depth):
        # GroupNorm with one group per channel is instance norm with an affine.
        # No conv bias, as in the lab: the norm's mean subtraction cancels it.
        layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.GroupNorm(width, width), nn.ReLU(), nn.AvgPool2d(2)]
        channels, side = width, side // 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(width * side * side, classes))


def loaded_blas():
    """The BLAS library this process mapped (Debian's alternatives pick it)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(paths)) or "none mapped"


def train_epoch(model, train, batch, lr, momentum, seed):
    x, y = train
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    loss_fn = nn.CrossEntropyLoss()
    steps = math.ceil(len(y) / batch)
    # Warm-up (excluded, as in the lab): one forward/backward, no update.
    loss_fn(model(x[:batch]), y[:batch]).backward()
    opt.zero_grad(set_to_none=True)

    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    started = time.perf_counter()
    for step in range(steps):
        for group in opt.param_groups:
            # The lab's schedule: cosine decay per step over the run.
            group["lr"] = 0.5 * lr * (1 + math.cos(math.pi * step / steps))
        idx = order[step * batch : (step + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x[idx]), y[idx]).backward()
        opt.step()
    return time.perf_counter() - started, steps


@torch.no_grad()
def accuracy(model, test):
    x, y = test
    hits = sum((model(x[i : i + 500]).argmax(1) == y[i : i + 500]).sum().item() for i in range(0, len(y), 500))
    return hits / len(y)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", default="mlp,convnet")
    p.add_argument("--threads", default="1")
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pack", default=PACK)
    args = p.parse_args()

    train, test, classes = read_pack(args.pack)
    for threads in map(int, args.threads.split(",")):
        torch.set_num_threads(threads)
        for name in args.models.split(","):
            torch.manual_seed(args.seed)
            model = mlp(classes) if name == "mlp" else convnet(classes, args.width, args.depth)
            seconds, steps = train_epoch(model, train, args.batch, args.lr, args.momentum, args.seed)
            print(json.dumps({
                "model": name,
                "threads": torch.get_num_threads(),
                "seconds": seconds,
                "steps": steps,
                "testAcc": accuracy(model.eval(), test),
                "torch": torch.__version__,
                "blas": loaded_blas(),
                "openblasThreads": os.environ["OPENBLAS_NUM_THREADS"],
            }), flush=True)


if __name__ == "__main__":
    main()
