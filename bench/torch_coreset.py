"""PyTorch reference for the coreset accuracy bench: on the lab's MNIST pack,
pick IPC images per class with class-balanced random, herding, k-center
greedy or forgetting, the way the lab's methods do, then train the lab's
MLP or ConvNet on them with the lab's recipe and report test accuracy.
Prints one JSON line per (method, IPC, seed).

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_coreset.py --model mlp --ipc 1,10,50 \
        --epochs 1:300,10:150,50:40 --seeds 0,1,2
"""
import argparse
import json
import math
import os
import sys

# One OpenBLAS thread inside each of torch's threads; more would oversubscribe.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_epoch import PACK, accuracy, convnet, loaded_blas, mlp, read_pack  # noqa: E402
from torch_select import herding, k_center_greedy  # noqa: E402


def cosine_lr(base, step, total):
    """The lab's schedule (src/engine/train/schedule.ts): cosine decay per step over the run."""
    return base if total <= 1 else 0.5 * base * (1 + math.cos(math.pi * step / total))


def train(model, x, y, subset, epochs, args, generator, observe=None):
    """The lab's loop: every epoch a fresh shuffle of the subset cut into batches; SGD with momentum and weight decay."""
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    per_epoch = math.ceil(len(subset) / args.batch)
    total = epochs * per_epoch
    step = 0
    model.train()
    for _ in range(epochs):
        order = subset[torch.randperm(len(subset), generator=generator)]
        for b in range(per_epoch):
            idx = order[b * args.batch : (b + 1) * args.batch]
            for group in opt.param_groups:
                group["lr"] = cosine_lr(args.lr, step, total)
            opt.zero_grad(set_to_none=True)
            logits = model(x[idx])
            if observe is not None:
                observe(idx, logits.detach().argmax(1) == y[idx])
            loss_fn(logits, y[idx]).backward()
            opt.step()
            step += 1
    return model


def class_groups(y, classes):
    """Each class's examples in dataset order (the lab's indicesByClass)."""
    return [torch.nonzero(y == c).flatten() for c in range(classes)]


def forgetting_scores(make_model, x, y, args, seed):
    """Toneva et al.: right-to-wrong flips per example over a short full-data training; never learned ranks above all."""
    n = len(y)
    last = torch.full((n,), -1, dtype=torch.int8)
    learned = torch.zeros(n, dtype=torch.bool)
    events = torch.zeros(n)

    def observe(idx, correct):
        events[idx[(last[idx] == 1) & ~correct]] += 1
        learned[idx[correct]] = True
        last[idx] = correct.to(torch.int8)

    torch.manual_seed(10_000 + seed)
    train(make_model(), x, y, torch.arange(n), args.pretrain_epochs, args, torch.Generator().manual_seed(20_000 + seed), observe)
    events[~learned] = events.max() + 1
    return events


def top_by_score(scores, groups, take):
    """The `take` highest scores of each class; ties go to the lower index (the lab's topByScore)."""
    picked = []
    for members in groups:
        order = sorted(members.tolist(), key=lambda i: (-float(scores[i]), i))
        picked += order[:take]
    return picked


def central_row(rows):
    """The row nearest the class mean: the lab's default k-center start."""
    return int(((rows - rows.mean(0)) ** 2).sum(1).argmin())


def select(method, ipc, features, groups, scores, seed):
    if method == "random":
        rng = np.random.default_rng(seed)
        return [int(i) for members in groups for i in rng.choice(members.numpy(), ipc, replace=False)]
    if method == "forgetting":
        return top_by_score(scores, groups, ipc)
    picked = []
    for members in groups:
        rows = features[members]
        local = herding(rows, ipc) if method == "herding" else k_center_greedy(rows, ipc, central_row(rows))
        picked += members[local].tolist()
    return picked


def parse_epochs(text):
    return {int(ipc): int(epochs) for ipc, epochs in (pair.split(":") for pair in text.split(","))}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", choices=["mlp", "convnet"], default="mlp")
    p.add_argument("--methods", default="random,herding,kcenter,forgetting")
    p.add_argument("--ipc", default="1,10,50")
    p.add_argument("--epochs", default="1:300,10:150,50:40", help="epochs per IPC, IPC:EPOCHS,...")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--pretrain-epochs", type=int, default=3)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--pack", default=PACK)
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    (x, y), test, classes = read_pack(args.pack)
    features = x.reshape(len(y), -1)
    groups = class_groups(y, classes)
    epochs = parse_epochs(args.epochs)
    methods = args.methods.split(",")

    def make_model():
        return mlp(classes) if args.model == "mlp" else convnet(classes, args.width, args.depth)

    for seed in map(int, args.seeds.split(",")):
        # The scores do not depend on the budget: one pre-training per seed serves every IPC.
        scores = forgetting_scores(make_model, x, y, args, seed) if "forgetting" in methods else None
        for ipc in map(int, args.ipc.split(",")):
            for method in methods:
                subset = select(method, ipc, features, groups, scores, seed)
                torch.manual_seed(seed)
                model = train(make_model(), x, y, torch.tensor(subset), epochs[ipc], args, torch.Generator().manual_seed(seed))
                acc = accuracy(model.eval(), test)
                print(f"  torch {args.model} {method} {ipc}/class seed {seed}: {acc * 100:.1f}%", file=sys.stderr, flush=True)
                print(json.dumps({
                    "side": "torch",
                    "model": args.model,
                    "method": method,
                    "ipc": ipc,
                    "seed": seed,
                    "testAcc": acc,
                    "picks": subset,
                    "torch": torch.__version__,
                    "blas": loaded_blas(),
                }), flush=True)


if __name__ == "__main__":
    main()
