"""PyTorch reference for the augmentation bench: the lab's ConvNet on the
lab's Fashion-MNIST pack, plain, with mixup and with CutMix, written the way
their papers' code does it (one lambda ~ Beta(alpha, alpha) per batch, a
random permutation of the batch as partners, the loss weighed by lambda;
CutMix's box centred on a uniform pixel, clipped, lambda corrected to the
clipped area), with the lab's recipe (SGD with momentum and weight decay,
cosine decay per step).

    --timing    milliseconds per training step for each augmentation: one run
                of TIMING_EPOCHS epochs per augmentation and round on the same
                class-balanced subset and batches, the order rotated each
                round, the first round untimed;
                medians over rounds; then the mix call alone on one batch.
    --accuracy  test accuracy per budget (NAME:FRACTION:EPOCHS), augmentation
                and seed.

Prints one JSON line per result.

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_augment.py --accuracy --budgets 10%:0.1:20,full:1:2 --seeds 0
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

# One OpenBLAS thread inside each of torch's threads; more would oversubscribe.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_coreset import cosine_lr  # noqa: E402
from torch_epoch import accuracy, convnet, loaded_blas, read_pack  # noqa: E402

PACK = os.path.join(os.path.dirname(__file__), "..", "public", "data", "fashion-mnist.pack")
AUGMENTS = ["none", "mixup", "cutmix"]


def mixup(x, alpha, rng, gen):
    """Zhang et al.: x = lam x + (1 - lam) x[perm]."""
    lam = float(rng.beta(alpha, alpha))
    perm = torch.randperm(len(x), generator=gen)
    return lam * x + (1 - lam) * x[perm], perm, lam


def cutmix(x, alpha, rng, gen):
    """Yun et al.: a box of side sqrt(1 - lam) around a uniform centre, clipped, pasted from x[perm]; lam is the kept area."""
    lam = float(rng.beta(alpha, alpha))
    perm = torch.randperm(len(x), generator=gen)
    height, width = x.shape[2], x.shape[3]
    cut = math.sqrt(1 - lam)
    cut_h, cut_w = int(height * cut), int(width * cut)
    cy, cx = int(rng.integers(height)), int(rng.integers(width))
    y1, y2 = np.clip(cy - cut_h // 2, 0, height), np.clip(cy + cut_h // 2, 0, height)
    x1, x2 = np.clip(cx - cut_w // 2, 0, width), np.clip(cx + cut_w // 2, 0, width)
    mixed = x.clone()
    mixed[:, :, y1:y2, x1:x2] = x[perm, :, y1:y2, x1:x2]
    return mixed, perm, 1 - float((y2 - y1) * (x2 - x1)) / (height * width)


MIXES = {"none": None, "mixup": mixup, "cutmix": cutmix}
loss_fn = nn.CrossEntropyLoss()


def train_step(model, opt, x, y, mix, alpha, rng, gen, lr):
    """One step as the lab's loop takes it: set the rate, mix the batch, weigh the two labels' losses, update."""
    for group in opt.param_groups:
        group["lr"] = lr
    opt.zero_grad(set_to_none=True)
    if mix is None:
        loss = loss_fn(model(x), y)
    else:
        mixed, perm, lam = mix(x, alpha, rng, gen)
        logits = model(mixed)
        loss = lam * loss_fn(logits, y) + (1 - lam) * loss_fn(logits, y[perm])
    loss.backward()
    opt.step()


def train(model, x, y, subset, epochs, args, mix, seed):
    """The lab's loop: every epoch a fresh shuffle of the subset cut into batches. Returns the steps taken."""
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    order_gen, mix_gen = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(10_000 + seed)
    rng = np.random.default_rng(seed)
    per_epoch = math.ceil(len(subset) / args.batch)
    total = epochs * per_epoch
    model.train()
    for epoch in range(epochs):
        order = subset[torch.randperm(len(subset), generator=order_gen)]
        for b in range(per_epoch):
            idx = order[b * args.batch : (b + 1) * args.batch]
            train_step(model, opt, x[idx], y[idx], mix, args.alpha, rng, mix_gen, cosine_lr(args.lr, epoch * per_epoch + b, total))
    return total


def proportional(total, sizes):
    """Largest-remainder apportionment of `total` over classes by size (the lab's budget)."""
    exact = [total * s / sum(sizes) for s in sizes]
    counts = [math.floor(e) for e in exact]
    by_rest = sorted(range(len(sizes)), key=lambda c: (-(exact[c] - counts[c]), c))
    for c in by_rest[: total - sum(counts)]:
        counts[c] += 1
    return counts


def class_balanced(y, classes, examples, seed):
    """`examples` random training examples, apportioned over the classes as the lab's random method does."""
    groups = [torch.nonzero(y == c).flatten() for c in range(classes)]
    rng = np.random.default_rng(seed)
    counts = proportional(examples, [len(g) for g in groups])
    return torch.tensor([int(i) for g, k in zip(groups, counts) for i in rng.choice(g.numpy(), k, replace=False)])


def new_model(classes, args, seed):
    torch.manual_seed(seed)
    return convnet(classes, args.width, args.depth)


def time_steps(train_split, classes, args):
    x, y = train_split
    subset = class_balanced(y, classes, args.examples, 0)
    per_step = {a: [] for a in AUGMENTS}
    for rnd in range(args.rounds + 1):
        # Rotated each round, as the lab's runs are.
        for augment in AUGMENTS[rnd % 3 :] + AUGMENTS[: rnd % 3]:
            model = new_model(classes, args, 0)
            started = time.perf_counter()
            steps = train(model, x, y, subset, args.timing_epochs, args, MIXES[augment], 0)
            if rnd > 0:
                per_step[augment].append((time.perf_counter() - started) * 1000 / steps)
        if rnd > 0:
            print(f"  torch timing round {rnd} of {args.rounds}", file=sys.stderr, flush=True)
    batch = x[subset[: args.batch]]
    rng, gen = np.random.default_rng(1), torch.Generator().manual_seed(1)
    for augment in AUGMENTS:
        mix_ms = 0.0
        if MIXES[augment] is not None:
            calls = []
            for call in range(2 * args.mix_calls):
                started = time.perf_counter()
                MIXES[augment](batch, args.alpha, rng, gen)
                if call >= args.mix_calls:
                    calls.append((time.perf_counter() - started) * 1000)
            mix_ms = statistics.median(calls)
        rounds = per_step[augment]
        yield {"side": "torch", "augment": augment, "steps": steps, "stepMs": statistics.median(rounds), "roundsMs": rounds, "mixMs": mix_ms}


def train_accuracy(train_split, test, classes, args):
    x, y = train_split
    for seed in map(int, args.seeds.split(",")):
        for name, fraction, epochs in (b.split(":") for b in args.budgets.split(",")):
            examples = max(classes, round(float(fraction) * len(y)))
            subset = torch.arange(len(y)) if examples == len(y) else class_balanced(y, classes, examples, seed)
            for augment in AUGMENTS:
                model = new_model(classes, args, seed)
                steps = train(model, x, y, subset, int(epochs), args, MIXES[augment], seed)
                acc = accuracy(model.eval(), test)
                print(f"  torch {name} {augment} seed {seed}: {acc * 100:.1f}%", file=sys.stderr, flush=True)
                yield {"side": "torch", "budget": name, "augment": augment, "seed": seed, "epochs": int(epochs), "steps": steps, "testAcc": acc}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    part = p.add_mutually_exclusive_group(required=True)
    part.add_argument("--timing", action="store_true")
    part.add_argument("--accuracy", action="store_true")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--timing-epochs", type=int, default=4, help="timing: epochs per run over the subset")
    p.add_argument("--rounds", type=int, default=7, help="timing: timed rounds after one untimed")
    p.add_argument("--mix-calls", type=int, default=50, help="timing: timed calls of the mix alone")
    p.add_argument("--examples", type=int, default=640, help="timing: the subset the runs cycle over")
    p.add_argument("--budgets", default="10%:0.1:20,full:1:2", help="accuracy: NAME:FRACTION:EPOCHS,...")
    p.add_argument("--seeds", default="0")
    p.add_argument("--train-cap", type=int, help="keep only the first N training examples")
    p.add_argument("--test-cap", type=int, help="keep only the first N test examples")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--pack", default=PACK)
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    (x, y), (tx, ty), classes = read_pack(args.pack)
    train_split = (x[: args.train_cap], y[: args.train_cap])
    test = (tx[: args.test_cap], ty[: args.test_cap])
    lines = time_steps(train_split, classes, args) if args.timing else train_accuracy(train_split, test, classes, args)
    for line in lines:
        print(json.dumps({**line, "torch": torch.__version__, "blas": loaded_blas()}), flush=True)


if __name__ == "__main__":
    main()
