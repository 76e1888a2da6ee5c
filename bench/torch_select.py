"""PyTorch side of the selection bench: herding and k-center greedy written
the way the lab's engine runs them (src/engine/methods/coreset/geometry.ts):
one batched distance product per greedy step, state kept as tensors, on the
CPU. Reads the feature files the lab wrote (see bench/select-config.ts) and
prints one JSON line per (space, algorithm) with the seconds of one whole
class-balanced selection and its picks.

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_select.py --cache bench/.cache/selection --threads 1
"""
import argparse
import json
import os
import time

# One OpenBLAS thread inside each of torch's threads; more would oversubscribe.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from torch_epoch import loaded_blas  # noqa: E402

# The lab's mark for rows already picked (larger than any squared distance).
EXCLUDED = 1e30
WARM_UP_PICKS = 20


def herding(x, k):
    """Next pick minimises ||x - ((t+1) mu - S)||^2 over unpicked rows (S: sum of the t picked)."""
    m = x.shape[0]
    norms = (x * x).sum(1)
    mean = x.mean(0)
    total = torch.zeros_like(mean)
    excluded = torch.zeros(m)
    picks = []
    for t in range(min(k, m)):
        target = mean * (t + 1) - total
        # ||x||^2 - 2 x.target (+ the constant ||target||^2, which no argmin needs).
        distance = norms - 2 * torch.mv(x, target) + excluded
        j = int(torch.argmin(distance))
        total += x[j]
        excluded[j] = EXCLUDED
        picks.append(j)
    return picks


def k_center_greedy(x, k, first):
    """From `first`, repeatedly pick the row farthest (squared distance) from every pick so far."""
    m = x.shape[0]
    norms = (x * x).sum(1)

    def distances_to(j):
        row = x[j]
        # Rounding can make a distance slightly negative; clamp at 0, as the lab does.
        return torch.relu(norms - 2 * torch.mv(x, row) + row.dot(row))

    nearest = distances_to(first)
    picks = [first]
    for _ in range(1, min(k, m)):
        j = int(torch.argmax(nearest))
        nearest = torch.minimum(nearest, distances_to(j))
        # A picked row sits at 0; -1 keeps it from being picked again once all are covered.
        nearest[j] = -1
        picks.append(j)
    return picks


def select(algorithm, features, groups, take_at_most=None):
    """A class-balanced selection: gather each class's rows, pick, map back to global rows."""
    picked = []
    for group in groups:
        members = torch.tensor(group["members"], dtype=torch.int64)
        rows = features.index_select(0, members)
        k = group["take"] if take_at_most is None else min(group["take"], take_at_most)
        local = herding(rows, k) if algorithm == "herding" else k_center_greedy(rows, k, group["first"])
        picked += members[local].tolist()
    return picked


def read_features(cache, space):
    with open(os.path.join(cache, f"{space}.json")) as f:
        described = json.load(f)
    values = np.fromfile(os.path.join(cache, f"{space}.f32"), dtype="<f4")
    return described, torch.from_numpy(values.reshape(described["count"], described["dim"]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), ".cache", "selection"))
    p.add_argument("--spaces", default="raw,embedding")
    p.add_argument("--algorithms", default="herding,kcenter")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    for space in args.spaces.split(","):
        described, features = read_features(args.cache, space)
        for algorithm in args.algorithms.split(","):
            # Warm-up, untimed, as on the lab's side.
            select(algorithm, features, described["groups"][:1], WARM_UP_PICKS)
            started = time.perf_counter()
            picks = select(algorithm, features, described["groups"])
            seconds = time.perf_counter() - started
            print(json.dumps({
                "side": "torch",
                "space": space,
                "algorithm": algorithm,
                "seconds": seconds,
                "picks": picks,
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
                "blas": loaded_blas(),
            }), flush=True)


if __name__ == "__main__":
    main()
