"""PyTorch side of the distillation benches: the lab's distribution matching
(src/engine/methods/distill/dm.ts), gradient matching (dc.ts) and trajectory
matching (mtt.ts, datm.ts, trajectory-matching.ts), the same iteration
written in PyTorch, on the lab's MNIST pack with the lab's MLP or ConvNet
(bench/torch_epoch.py's models).

    --measure: seconds per distillation iteration, after untimed warm-up
        iterations in the same process; one JSON line per (method, IPC).
    --accuracy: distil, then train a fresh network on the distilled set with
        the coreset bench's recipe and report test accuracy; one JSON line per
        (method, IPC, seed).

    OPENBLAS_NUM_THREADS=1 python3 bench/torch_distill.py --measure --model convnet \
        --methods dm,dc --ipc 1,10 --iterations dm:20,dc:5 --real-batch 64

The trajectory methods' experts are trained before any clock starts
(--measure times the matching only, as the lab's overhead.distill does).
"""
import argparse
import json
import math
import os
import sys
import time

# One OpenBLAS thread inside each of torch's threads; more would oversubscribe.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_coreset import class_groups, train  # noqa: E402
from torch_dsa import draw_transform  # noqa: E402
from torch_epoch import PACK, accuracy, convnet, loaded_blas, mlp, read_pack  # noqa: E402


def features(net, x):
    """The input of the linear head (the lab's `model.features`): every module but the last."""
    return net[:-1](x)


def initial_synthetic(x, groups, ipc, rng):
    """Real examples of each class, class by class (the lab's init 'real')."""
    picks = [int(i) for members in groups for i in np.sort(rng.choice(members.numpy(), ipc, replace=False))]
    return x[picks].clone().requires_grad_(True)


def real_rows(members, batch):
    """A fresh random batch of one class (the lab shuffles the class and takes the first `batch`)."""
    return members[torch.randperm(len(members))[: min(batch, len(members))]]


def dm_iteration(make_model, syn, syn_opt, x, groups, ipc, args):
    """One step of distribution matching: a fresh network (not trained, not differentiated),
    sum over classes of the squared distance between mean embeddings of a real batch and the
    synthetic examples; SGD (momentum 0.5) on the images."""
    net = make_model()
    for p in net.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        # Class by class, as the authors' code: one forward of all ten batches at once (640
        # images) is about 10x slower in PyTorch 1.13 on the CPU (its large activations are
        # mapped afresh every time), so that would not be a fair baseline.
        real_means = torch.stack([features(net, x[real_rows(members, args.real_batch)]).mean(0) for members in groups])
    syn_means = features(net, syn).reshape(len(groups), ipc, -1).mean(1)
    loss = ((real_means - syn_means) ** 2).sum()
    syn_opt.zero_grad(set_to_none=True)
    loss.backward()
    syn_opt.step()
    return loss.detach()


def gradient_distance(real, syn):
    """The lab's (and the paper's) distance for one parameter: summed over output units,
    1 - cosine of the units' incoming-weight gradients; biases and norm parameters (1-D) count 0.
    PyTorch's weights are [out, in, ...]; the norms carry the lab's epsilons."""
    if real.dim() == 1:
        return None
    x = real.reshape(real.shape[0], -1)
    y = syn.reshape(syn.shape[0], -1)

    def norm(g):
        return torch.sqrt((g * g).sum(1) + 1e-12)

    cosine = (x * y).sum(1) / (norm(x) * norm(y) + 1e-6)
    return (1 - cosine).sum()


def dc_iteration(make_model, syn, syn_opt, x, groups, ipc, args, draw=None):
    """One iteration of gradient matching: a fresh network; `outer_loop` times, per class, the
    real batch's loss gradients against the synthetic examples' (differentiated again,
    create_graph=True), one SGD step (momentum 0.5) on the images from their sum; between two
    outer steps `inner_loop` SGD steps of the network on the whole synthetic set (none after
    the last outer step, as the lab and the authors' code). With `draw` (dsa), each class's match
    goes through one transform it draws, on the real and the synthetic batch alike."""
    net = make_model()
    params = list(net.parameters())
    net_opt = torch.optim.SGD(params, lr=args.lr_net, momentum=0.5)
    classes = len(groups)
    syn_labels = torch.arange(classes).repeat_interleave(ipc)
    first = None
    for outer in range(args.outer_loop):
        loss = 0
        for c, members in enumerate(groups):
            rows = real_rows(members, args.real_batch)
            transform = draw() if draw is not None else (lambda images: images)
            real_loss = F.cross_entropy(net(transform(x[rows])), torch.full((len(rows),), c))
            real_grads = [g.detach() for g in torch.autograd.grad(real_loss, params)]
            mine = transform(syn[c * ipc : (c + 1) * ipc])
            syn_loss = F.cross_entropy(net(mine), syn_labels[c * ipc : (c + 1) * ipc])
            syn_grads = torch.autograd.grad(syn_loss, params, create_graph=True)
            for r, s in zip(real_grads, syn_grads):
                d = gradient_distance(r, s)
                if d is not None:
                    loss = loss + d
        # Only the images' gradient is wanted (the lab differentiates for the synthetic set alone).
        (grad,) = torch.autograd.grad(loss, syn)
        syn_opt.zero_grad(set_to_none=True)
        syn.grad = grad
        syn_opt.step()
        if first is None:
            first = loss.detach()
        if outer == args.outer_loop - 1:
            break
        for _ in range(args.inner_loop):
            net_opt.zero_grad(set_to_none=True)
            F.cross_entropy(net(syn.detach()), syn_labels).backward()
            net_opt.step()
    return first


def flat_parameters(net):
    """The network's parameters as one flat vector (a detached copy), in `net.parameters()` order."""
    return torch.cat([p.detach().reshape(-1) for p in net.parameters()])


def flat_forward(net, flat, x):
    """`net` (an nn.Sequential of bench/torch_epoch.py's layers) run on parameters that are views of
    one flat vector, so that unrolled student steps are differentiable in that vector; the
    authors' code does the same through its ReparamModule."""
    offset = 0

    def take(p):
        nonlocal offset
        view = flat[offset : offset + p.numel()].view_as(p)
        offset += p.numel()
        return view

    for m in net:
        if isinstance(m, nn.Conv2d):
            x = F.conv2d(x, take(m.weight), None, m.stride, m.padding)
        elif isinstance(m, nn.GroupNorm):
            x = F.group_norm(x, m.num_groups, take(m.weight), take(m.bias), m.eps)
        elif isinstance(m, nn.Linear):
            weight = take(m.weight)
            x = F.linear(x, weight, take(m.bias))
        else:
            x = m(x)
    return x


def train_experts(make_model, x, y, settings):
    """The lab's expert buffer (expert-buffer.ts): `experts` networks trained on all the data with
    SGD at a constant rate, no momentum nor weight decay, a fresh shuffle per epoch, their flat
    parameters saved at the start and after every epoch."""
    trajectories = []
    n = len(y)
    batch = settings["expertBatch"]
    for _ in range(settings["experts"]):
        net = make_model()
        opt = torch.optim.SGD(net.parameters(), lr=settings["expertLr"], momentum=0)
        saved = [flat_parameters(net)]
        for _ in range(settings["expertEpochs"]):
            order = torch.randperm(n)
            for b in range(math.ceil(n / batch)):
                idx = order[b * batch : (b + 1) * batch]
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(net(x[idx]), y[idx]).backward()
                opt.step()
            saved.append(flat_parameters(net))
        trajectories.append(saved)
    return trajectories


def js_round(value):
    """JavaScript's Math.round (halves up), which the lab's window arithmetic uses."""
    return math.floor(value + 0.5)


class TrajectoryMatching:
    """mtt's (and datm's) matching state for one distillation: the learnt student rate and its
    optimizer (SGD, momentum 0.5), a network that only lends its layout to flat_forward, the
    expert buffer, and for datm the soft labels (SGD, momentum 0.9) and the start window.
    `settings` is the method's settings as bench/distill-config.ts hands them over."""

    def __init__(self, method, settings, make_model, trajectories, syn, classes, ipc, iterations, rng):
        self.method, self.settings, self.rng = method, settings, rng
        self.net = make_model()
        self.trajectories = trajectories
        self.rate = torch.tensor(float(settings["studentLr"]), requires_grad=True)
        self.rate_opt = torch.optim.SGD([self.rate], lr=settings["lrRate"], momentum=0.5)
        span, epochs = settings["expertSpan"], settings["expertEpochs"]
        if epochs < span:
            raise SystemExit(f"{method}: expert span {span} is longer than the experts' {epochs} epochs")
        if method == "datm":
            self.labels = self.expert_labels(syn, classes, ipc).requires_grad_(True)
            self.label_opt = torch.optim.SGD([self.labels], lr=settings["lrLabels"], momentum=0.9)
            first, latest = settings["minStartEpoch"], settings["latestStart"][str(ipc)]
            grow_for = max(1, js_round(settings["windowGrowth"] * iterations))
            middle = first + math.ceil((latest - first) / 2)

            def window(it):
                # The window's upper end grows from half-way to `latest` over the first share of the iterations.
                if settings["windowGrowth"] == 0:
                    return first, latest
                return first, js_round(middle + (latest - middle) * min(1, it / grow_for))

            self.window = window
        else:
            self.labels = None
            self.hard = torch.arange(classes).repeat_interleave(ipc)
            last = min(settings["maxStartEpoch"], epochs - span)
            self.window = lambda it: (0, last)

    def expert_labels(self, syn, classes, ipc):
        """datm's starting soft labels: the experts' logits on each example at the end of their
        training, averaged over the experts that classify it as its class (over all where none does)."""
        with torch.no_grad():
            logits = [flat_forward(self.net, t[-1], syn) for t in self.trajectories]
            wanted = torch.arange(classes).repeat_interleave(ipc)
            correct = [(l.argmax(1) == wanted).float().unsqueeze(1) for l in logits]
            count = sum(correct)
            correct_mean = sum(l * c for l, c in zip(logits, correct)) / count.clamp(min=1)
            all_mean = sum(logits) / len(logits)
            return torch.where(count > 0, correct_mean, all_mean)

    def loss_of(self, logits):
        if self.labels is None:
            return F.cross_entropy(logits, self.hard)
        # The lab's soft cross-entropy against softmax(labels).
        return -(F.softmax(self.labels, 1) * F.log_softmax(logits, 1)).sum(1).mean()

    def iteration(self, it, syn, syn_opt):
        """One iteration: from a random expert's parameters at a random epoch of the window,
        `syntheticSteps` SGD steps of the student on the whole synthetic set with the learnt rate,
        each step's gradient kept differentiable (create_graph=True); loss = squared distance to
        the expert `expertSpan` epochs later over the expert's own squared move; SGD on the
        images, the rate (and datm's labels, unless the loss is above its threshold)."""
        s = self.settings
        trajectory = self.trajectories[int(self.rng.integers(len(self.trajectories)))]
        first, last = self.window(it)
        start = first + int(self.rng.integers(last - first + 1))
        start_params, target_params = trajectory[start], trajectory[start + s["expertSpan"]]
        student = start_params.clone().requires_grad_(True)
        for _ in range(s["syntheticSteps"]):
            ce = self.loss_of(flat_forward(self.net, student, syn))
            (grad,) = torch.autograd.grad(ce, student, create_graph=True)
            student = student - self.rate * grad
        loss = ((student - target_params) ** 2).sum() / ((start_params - target_params) ** 2).sum()
        learnt = [(syn, syn_opt), (self.rate, self.rate_opt)] + ([(self.labels, self.label_opt)] if self.labels is not None else [])
        grads = torch.autograd.grad(loss, [t for t, _ in learnt])
        if self.method == "datm" and float(loss) > s["lossThreshold"]:
            return loss.detach()
        for (tensor, opt), grad in zip(learnt, grads):
            opt.zero_grad(set_to_none=True)
            tensor.grad = grad
            opt.step()
        return loss.detach()


ITERATION = {"dm": dm_iteration, "dc": dc_iteration, "dsa": dc_iteration}
TRAJECTORY = ("mtt", "datm")


def distil(method, make_model, x, groups, ipc, iterations, args, rng, syn=None, trajectories=None):
    """`iterations` of a method from real examples (or `syn`): the set, its loss every few
    iterations, and its learnt soft-label logits (datm; else None)."""
    labels = None
    if syn is None:
        syn = initial_synthetic(x, groups, ipc, rng)
    if method in TRAJECTORY:
        settings = args.trajectory[method]
        syn_opt = torch.optim.SGD([syn], lr=settings["lrImages"], momentum=0.5)
        matching = TrajectoryMatching(method, settings, make_model, trajectories, syn, len(groups), ipc, iterations, rng)
        labels = matching.labels

        def step(it):
            return matching.iteration(it, syn, syn_opt)

    else:
        syn_opt = torch.optim.SGD([syn], lr=args.lr_images_dm if method == "dm" else args.lr_images_dc, momentum=0.5)
        extra = {"draw": lambda: draw_transform(rng, tuple(syn.shape[1:]))} if method == "dsa" else {}

        def step(it):
            return ITERATION[method](make_model, syn, syn_opt, x, groups, ipc, args, **extra)

    losses = []
    every = 5 if method in TRAJECTORY else 10
    for it in range(iterations):
        value = step(it)
        # The lab reads the loss back every 10 iterations (trajectory methods: 5) and at the last.
        if it % every == 0 or it == iterations - 1:
            losses.append([it, float(value)])
    return syn, losses, labels


def parse_pairs(text, cast=int):
    return {key: cast(value) for key, value in (pair.split(":") for pair in text.split(","))}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--measure", action="store_true")
    p.add_argument("--accuracy", action="store_true")
    p.add_argument("--model", choices=["mlp", "convnet"], default="convnet")
    p.add_argument("--methods", default="dm,dc")
    p.add_argument("--ipc", default="1,10")
    p.add_argument("--iterations", default="dm:20,dc:5", help="METHOD:N,... iterations timed (or distilled, with --accuracy)")
    p.add_argument("--warm-up", type=int, default=3, help="untimed iterations before the timed ones")
    p.add_argument("--real-batch", type=int, default=64)
    p.add_argument("--outer-loop", type=int, default=1)
    p.add_argument("--inner-loop", type=int, default=1)
    p.add_argument("--lr-images-dm", type=float, default=1.0)
    p.add_argument("--lr-images-dc", type=float, default=0.1)
    p.add_argument("--lr-net", type=float, default=0.01)
    # mtt, datm: each method's settings as one JSON object (bench/distill-config.ts passes the
    # engine's defaults and the expert buffer); see TrajectoryMatching.
    p.add_argument("--trajectory", type=json.loads, default={})
    p.add_argument("--fallback-steps", type=json.loads, default={}, help='{"METHOD": {"IPC": STEPS}} with --measure: also time that case at that many steps')
    # --accuracy: the training recipe on the distilled set (the coreset bench's).
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--pack", default=PACK)
    args = p.parse_args()
    if args.measure == args.accuracy:
        raise SystemExit("name one of --measure, --accuracy")
    torch.set_num_threads(args.threads)

    (x, y), test, classes = read_pack(args.pack)
    groups = class_groups(y, classes)
    iterations = parse_pairs(args.iterations)
    methods = args.methods.split(",")

    def make_model():
        return mlp(classes) if args.model == "mlp" else convnet(classes, args.width, args.depth)

    common = {"side": "torch", "model": args.model, "torch": torch.__version__, "blas": loaded_blas(), "threads": torch.get_num_threads()}
    buffers = {}

    def experts_for(method, seed):
        """A trajectory method's expert buffer for a seed, trained once (before any clock) and
        reused across budgets and by the other method where the buffer's settings are the same."""
        settings = args.trajectory[method]
        key = (seed, *(settings[k] for k in ("experts", "expertEpochs", "expertBatch", "expertLr")))
        if key not in buffers:
            torch.manual_seed(1000 + seed)
            started = time.perf_counter()
            buffers[key] = (train_experts(make_model, x, y, settings), time.perf_counter() - started)
            print(f"  torch {args.model} experts for seed {seed}: {settings['experts']} x {settings['expertEpochs']} epochs in {buffers[key][1]:.0f} s", file=sys.stderr, flush=True)
        return buffers[key]

    def measure(method, ipc, args):
        trajectories = experts_for(method, 0)[0] if method in TRAJECTORY else None
        torch.manual_seed(0)
        rng = np.random.default_rng(0)
        syn, _, _ = distil(method, make_model, x, groups, ipc, args.warm_up, args, rng, trajectories=trajectories)
        started = time.perf_counter()
        distil(method, make_model, x, groups, ipc, iterations[method], args, rng, syn, trajectories=trajectories)
        seconds = time.perf_counter() - started
        extra = {"syntheticSteps": args.trajectory[method]["syntheticSteps"]} if method in TRAJECTORY else {}
        print(json.dumps({**common, "method": method, "ipc": ipc, "iterations": iterations[method], "secondsPerIteration": seconds / iterations[method], **extra}), flush=True)

    for ipc in map(int, args.ipc.split(",")):
        for method in methods:
            if args.measure:
                measure(method, ipc, args)
                fewer = args.fallback_steps.get(method, {}).get(str(ipc))
                if fewer is not None:
                    trajectory = {**args.trajectory, method: {**args.trajectory[method], "syntheticSteps": fewer}}
                    measure(method, ipc, argparse.Namespace(**{**vars(args), "trajectory": trajectory}))
                continue
            if method == "datm":
                raise SystemExit("--accuracy: datm's set carries soft labels, which this script's training does not take")
            for seed in map(int, args.seeds.split(",")):
                trajectories, experts_s = experts_for(method, seed) if method in TRAJECTORY else (None, 0.0)
                torch.manual_seed(seed)
                started = time.perf_counter()
                syn, losses, _ = distil(method, make_model, x, groups, ipc, iterations[method], args, np.random.default_rng(seed), trajectories=trajectories)
                distill_s = time.perf_counter() - started
                synthetic = syn.detach()
                labels = torch.arange(classes).repeat_interleave(ipc)
                torch.manual_seed(seed)
                model = train(make_model(), synthetic, labels, torch.arange(len(labels)), args.epochs, args, torch.Generator().manual_seed(seed))
                acc = accuracy(model.eval(), test)
                print(f"  torch {args.model} {method} {ipc}/class seed {seed}: {acc * 100:.1f}% (distilled in {distill_s:.0f} s)", file=sys.stderr, flush=True)
                line = {**common, "method": method, "ipc": ipc, "seed": seed, "iterations": iterations[method], "testAcc": acc, "distillSeconds": distill_s, "loss": losses}
                if method in TRAJECTORY:
                    line["expertSeconds"] = experts_s
                print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
