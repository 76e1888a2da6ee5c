"""PyTorch side of `npm run bench -- --only paper`: each case that
bench/paper-config.ts describes (dataset, images per class, method, seed,
scale, the distillation's settings and the evaluation's recipe), in turn,
with bench/torch_distill.py's twins of the lab's methods; one JSON line per
finished case on stdout.

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_paper.py '[{...case...}]'

The evaluation is the papers': a fresh ConvNet trained on the set with SGD
(momentum, weight decay), the rate divided by 10 at half the epochs, batch
256, each batch through the lab's dsa augmentation where the case asks for
it; datm's set trains towards its learnt soft labels, as the lab's does.
"""
import argparse
import json
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_coreset import class_groups  # noqa: E402
from torch_distill import TRAJECTORY, distil, initial_synthetic, train_experts  # noqa: E402
from torch_dsa import augment_batch  # noqa: E402
from torch_epoch import accuracy, convnet, read_pack  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "public", "data")


def evaluate_set(make_model, images, targets, recipe, seed):
    """Trains a fresh network on (images, soft or one-hot targets) as the papers evaluate a set; the network and the
    seconds it trained (the test evaluation is off this clock, as on the lab's)."""
    started = time.perf_counter()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = make_model()
    opt = torch.optim.SGD(net.parameters(), lr=recipe["lr"], momentum=recipe["momentum"], weight_decay=recipe["weightDecay"])
    per_epoch = math.ceil(len(images) / recipe["batchSize"])
    total = recipe["epochs"] * per_epoch
    net.train()
    for step in range(total):
        if step % per_epoch == 0:
            order = torch.randperm(len(images))
        idx = order[(step % per_epoch) * recipe["batchSize"] : (step % per_epoch + 1) * recipe["batchSize"]]
        for group in opt.param_groups:
            group["lr"] = recipe["lr"] if step < total // 2 else recipe["lr"] / 10
        x = images[idx]
        if recipe["augment"] == "dsa":
            x = augment_batch(rng, x)
        opt.zero_grad(set_to_none=True)
        (-(targets[idx] * F.log_softmax(net(x), 1)).sum(1).mean()).backward()
        opt.step()
    return net, time.perf_counter() - started


def main():
    cases = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    packs, buffers = {}, {}
    for case in cases:
        name = case["dataset"]
        if name not in packs:
            packs[name] = read_pack(os.path.join(DATA, f"{name}.pack"))
        (x, y), test, classes = packs[name]
        groups = class_groups(y, classes)
        model = case["model"]

        def make_model():
            return convnet(classes, model["width"], model["depth"], channels=x.shape[1], side=x.shape[2])

        method, ipc, seed, settings = case["method"], case["ipc"], case["seed"], case["settings"]
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        started = time.perf_counter()
        line = {"side": "torch", **{k: case[k] for k in ("dataset", "ipc", "method", "seed", "scale")}}
        labels = None
        if method == "random":
            images = initial_synthetic(x, groups, ipc, rng).detach()
            line["distillSeconds"] = 0.0
        else:
            trajectories = None
            if method in TRAJECTORY:
                key = (name, seed, *(settings[k] for k in ("experts", "expertEpochs", "expertBatch", "expertLr")))
                if key not in buffers:
                    torch.manual_seed(1000 + seed)
                    began = time.perf_counter()
                    buffers[key] = (train_experts(make_model, x, y, settings), time.perf_counter() - began)
                trajectories, line["expertSeconds"] = buffers[key]
                torch.manual_seed(seed)
            args = argparse.Namespace(
                real_batch=settings.get("realBatch", 256),
                outer_loop=settings.get("outerLoop", 1),
                inner_loop=settings.get("innerLoop", 1),
                lr_images_dm=settings.get("lrImages", 1.0),
                lr_images_dc=settings.get("lrImages", 0.1),
                lr_net=settings.get("lrNet", 0.01),
                trajectory={method: settings},
            )
            began = time.perf_counter()
            syn, _, labels = distil(method, make_model, x, groups, ipc, settings["iterations"], args, rng, trajectories=trajectories)
            line["distillSeconds"] = time.perf_counter() - began
            images = syn.detach()
        hard = F.one_hot(torch.arange(classes).repeat_interleave(ipc), classes).float()
        targets = hard if labels is None else F.softmax(labels.detach(), 1)
        trained, line["trainSeconds"] = evaluate_set(make_model, images, targets, case["train"], seed)
        line["testAcc"] = accuracy(trained.eval(), test)
        print(json.dumps(line), flush=True)
        took = time.perf_counter() - started
        print(f"  torch {name} {method} {ipc}/class seed {seed}: {line['testAcc'] * 100:.1f}% ({took:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
