"""Benchmark the nnviz engine against PyTorch CPU and scikit-learn's MLPClassifier.

A standalone script, not a pytest test:

    .venv/bin/python tests/benchmarks/bench_engine.py            # full run (about 2 minutes)
    .venv/bin/python tests/benchmarks/bench_engine.py --quick    # shorter run, fewer repeats

Every figure is the best (minimum) of several timed repeats, because the
machine is shared and noisy. Each competitor starts from the same initial
weights (nnviz's, copied into torch's Linear layers and into sklearn's
coefs_/intercepts_) and sees the same batches in the same order (the epoch
permutations are drawn once and replayed to every library).

Workloads
 1. 2-spiral, 250 training points, 2-8-8-8-8-8-8-1 tanh, mse (mean of 1/2 (a - y)^2,
    targets -1/+1), SGD lr 0.03, batch 10: engine step, and the full Session.
 2. The same network full-batch (batch 250).
 3. The grid pass: every neuron's map over 100x100 and 300x300 points, float32.
 4. 8x8 digits (shipped with scikit-learn), 64-128-64-10, relu hidden, softmax +
    cross-entropy, Adam lr 0.001, batch 32, 30 epochs: speed and held-out accuracy.
Then a correctness cross-check: nnviz and torch weights after one identical epoch.

Torch runs with 1 thread and with its default thread count, and with its default
and its fused optimizer implementation; ratios are taken against the fastest
torch variant. sklearn computes with numpy, whose BLAS nnviz limits to 1 thread.
"""

from __future__ import annotations

import os
import sys

# What torch would see without nnviz: nnviz sets OMP_NUM_THREADS=1 (setdefault) when imported.
_USER_THREAD_ENV = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import nnviz  # noqa: E402  (first: limits BLAS to one thread before numpy loads)

import argparse  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import numpy as np  # noqa: E402

from nnviz import data as nd  # noqa: E402
from nnviz.engine import MLP, MinibatchTrainer, Optimizer, initialize  # noqa: E402
from nnviz.session import Config, Session  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - optional competitor
    torch = None  # type: ignore[assignment]
    F = None  # type: ignore[assignment]

try:
    import sklearn
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
except ImportError:  # pragma: no cover - optional competitor
    sklearn = None  # type: ignore[assignment]

# ---------------------------------------------------------------------------------------
# targets (the figures they are checked against are always measured in this run)
SPIRAL_STEP_US_MAX = 30.0
SPIRAL_VS_TORCH_MIN = 8.0
SPIRAL_EPOCHS_PER_S_MIN = 1500.0
PLAYGROUND_EPOCHS_PER_S = 515.0  # TensorFlow Playground's own engine on this workload (published reference)
GRID_MS_MAX = {100: 0.5, 300: 6.0}
DIGITS_VS_TORCH_MIN = 3.0
DIGITS_ACCURACY_MIN = 0.97
CROSS_CHECK_MAX_DIFF = 1e-10

SPIRAL_SIZES = (2, 8, 8, 8, 8, 8, 8, 1)
DIGITS_SIZES = (64, 128, 64, 10)
DIGITS_HIDDEN_ACTIVATION = "relu"

MU = "µs" if "utf" in (getattr(sys.stdout, "encoding", "") or "").lower() else "us"


# ---------------------------------------------------------------------------------------
# timing and reporting


@dataclass
class Report:
    """Collects the PASS/FAIL checks so they can be summarized at the end."""

    checks: list[tuple[str, bool]] = field(default_factory=list)

    def check(self, label: str, ok: bool, shown: str) -> None:
        verdict = "PASS" if ok else "FAIL"
        print(f"  CHECK {label:<52} {shown:>16}   {verdict}")
        self.checks.append((label, ok))


def best_of(run: Callable[[], None], repeats: int, setup: Callable[[], None] | None = None) -> float:
    """The minimum wall time of `run` over `repeats` timed calls (setup untimed, gc off)."""
    best = float("inf")
    for _ in range(repeats):
        if setup is not None:
            setup()
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            run()
            elapsed = time.perf_counter() - t0
        finally:
            gc.enable()
        best = min(best, elapsed)
    return best


def heading(text: str) -> None:
    print()
    print(text)
    print("-" * len(text))


def line(name: str, us_per_step: float, epochs_per_s: float, extra: str = "") -> None:
    print(f"  {name:<44} {us_per_step:>10.1f} {MU}/step {epochs_per_s:>10.1f} epochs/s{extra}")


class ReplayPermutations:
    """Stands in for the Generator MinibatchTrainer shuffles with: permutation(n) replays fixed orders."""

    def __init__(self, perms: Sequence[np.ndarray]) -> None:
        self.perms = perms
        self.i = 0

    def permutation(self, n: int) -> np.ndarray:
        p = self.perms[self.i % len(self.perms)]
        self.i += 1
        if len(p) != n:
            raise ValueError(f"replayed permutation has {len(p)} entries, the trainer has {n} samples")
        return p


# ---------------------------------------------------------------------------------------
# torch helpers


def torch_default_threads() -> int:
    """torch's own default thread count, asked in a child process without nnviz's OMP_NUM_THREADS=1."""
    env = dict(os.environ)
    for key, value in _USER_THREAD_ENV.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    try:
        out = subprocess.run(
            [sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
            env=env, capture_output=True, text=True, timeout=60, check=True,
        )
        return max(1, int(out.stdout.strip().splitlines()[-1]))
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def torch_variants(default_threads: int) -> list[tuple[str, int, bool]]:
    """(label, threads, fused optimizer) for every torch configuration measured."""
    counts = [1] if default_threads == 1 else [1, default_threads]
    out = []
    for fused in (False, True):
        for n in counts:
            label = f"torch {n} thread{'s' if n > 1 else ''}{', fused opt' if fused else ''}"
            out.append((label, n, fused))
    return out


def torch_mlp(net: MLP, dtype: torch.dtype, softmax_as_logits: bool = True) -> torch.nn.Sequential:
    """An nn.Sequential of Linear + activation with net's layout and a copy of net's weights."""
    layers: list[torch.nn.Module] = []
    for k, name in enumerate(net.activations):
        layers.append(torch.nn.Linear(net.sizes[k], net.sizes[k + 1], dtype=dtype))
        if name == "tanh":
            layers.append(torch.nn.Tanh())
        elif name == "relu":
            layers.append(torch.nn.ReLU())
        elif name == "softmax":
            if not softmax_as_logits:
                layers.append(torch.nn.Softmax(dim=1))
        else:
            raise ValueError(f"no torch counterpart wired up for {name}")
    model = torch.nn.Sequential(*layers)
    load_torch_weights(model, net)
    return model


def torch_linears(model: torch.nn.Sequential) -> list[torch.nn.Linear]:
    return [m for m in model if isinstance(m, torch.nn.Linear)]


def load_torch_weights(model: torch.nn.Sequential, net: MLP) -> None:
    """Copy nnviz's weights (n_out, n_in) and biases into torch's Linear layers."""
    with torch.no_grad():
        for k, lin in enumerate(torch_linears(model)):
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(net.weights(k + 1))))
            lin.bias.copy_(torch.from_numpy(np.ascontiguousarray(net.biases(k + 1))))


def torch_params_flat(model: torch.nn.Sequential) -> np.ndarray:
    """torch's parameters in nnviz's flat layout (row j = neuron j's weights, then its bias)."""
    parts = []
    for lin in torch_linears(model):
        w = lin.weight.detach().numpy()
        b = lin.bias.detach().numpy()[:, None]
        parts.append(np.concatenate([w, b], axis=1).ravel())
    return np.concatenate(parts)


def half_mse(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """nnviz's mse: mean over the batch of sum_k 1/2 (a - y)^2."""
    return F.mse_loss(out, y, reduction="sum") * (0.5 / out.shape[0])


def torch_epochs(
    model: torch.nn.Module,
    opt: torch.optim.Optimizer,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    X: torch.Tensor,
    Y: torch.Tensor,
    perms: Sequence[torch.Tensor],
    batch: int,
    epochs: int,
) -> None:
    """Plain minibatch training: per epoch gather the permuted set, then slice contiguous batches."""
    n = X.shape[0]
    for e in range(epochs):
        p = perms[e % len(perms)]
        xs, ys = X.index_select(0, p), Y.index_select(0, p)
        for s in range(0, n, batch):
            opt.zero_grad()
            loss = loss_fn(model(xs[s : s + batch]), ys[s : s + batch])
            loss.backward()
            opt.step()


# ---------------------------------------------------------------------------------------
# sklearn helpers


def preset_mlp_classifier(net: MLP, **kwargs: object) -> MLPClassifier:
    """An MLPClassifier whose first initialization takes nnviz's weights instead of drawing its own.

    sklearn has no public way to pass initial weights; its (private) `_init_coef`
    is called once per layer by `_initialize` on the first fit, so a subclass
    hands out copies of nnviz's weights there, transposed to sklearn's (n_in, n_out).
    """

    class _Preset(MLPClassifier):
        def _init_coef(self, fan_in, fan_out, dtype):  # type: ignore[no-untyped-def]
            k = len(self._preset_done)
            self._preset_done.append(k)
            w = np.array(net.weights(k + 1).T, dtype=dtype)
            b = np.array(net.biases(k + 1), dtype=dtype)
            assert w.shape == (fan_in, fan_out)
            return w, b

    clf = _Preset(**kwargs)
    clf._preset_done = []
    return clf


def sklearn_reset(clf: MLPClassifier, net: MLP) -> None:
    """Put nnviz's weights back into a fitted classifier and drop its optimizer state."""
    for k, (c, b) in enumerate(zip(clf.coefs_, clf.intercepts_)):
        c[...] = net.weights(k + 1).T
        b[...] = net.biases(k + 1)
    if hasattr(clf, "_optimizer"):
        del clf._optimizer


def sklearn_epochs(clf: MLPClassifier, X: np.ndarray, y: np.ndarray, perms: Sequence[np.ndarray], epochs: int) -> None:
    """One partial_fit (one pass, shuffle=False) per epoch over the replayed permutation."""
    for e in range(epochs):
        p = perms[e % len(perms)]
        clf.partial_fit(X[p], y[p])


def sklearn_flat(clf: MLPClassifier) -> np.ndarray:
    return np.concatenate(
        [np.concatenate([c.T, b[:, None]], axis=1).ravel() for c, b in zip(clf.coefs_, clf.intercepts_)]
    )


# ---------------------------------------------------------------------------------------
# workloads


@dataclass
class Spiral:
    X: np.ndarray  # (250, 2)
    Y: np.ndarray  # (250, 1) targets -1/+1
    labels: np.ndarray  # (250,) 0/1
    perms: list[np.ndarray]
    init: np.ndarray  # nnviz's initial flat parameters


def make_spiral(n_perms: int) -> Spiral:
    rng = np.random.default_rng(20240601)
    dataset = nd.generate("spiral", 500, 0.0, rng)
    train, _ = nd.split(dataset, 0.5, rng)
    labels = np.asarray(train.labels, dtype=np.int64)
    X = np.ascontiguousarray(train.points, dtype=np.float64)
    Y = np.where(labels > 0, 1.0, -1.0).reshape(-1, 1)
    perms = [rng.permutation(len(X)) for _ in range(n_perms)]
    net = MLP(SPIRAL_SIZES, "tanh")
    initialize(net, rng)  # Playground's: weights U(-0.5, 0.5), biases 0.1
    return Spiral(X, Y, labels, perms, net.params.copy())


def spiral_net(sp: Spiral) -> MLP:
    return MLP(SPIRAL_SIZES, "tanh", np.float64, sp.init)


def run_minibatch_workload(
    title: str, sp: Spiral, batch: int, epochs: int, repeats: int, variants: list[tuple[str, int, bool]],
    report: Report, is_main: bool,
) -> None:
    n = len(sp.X)
    steps_per_epoch = -(-n // batch)
    steps = steps_per_epoch * epochs
    heading(f"{title}: {steps_per_epoch} steps/epoch, timed over {epochs} epochs, best of {repeats}")

    # nnviz engine
    net = spiral_net(sp)
    opt = Optimizer("sgd", 0.03, net.weight_mask)
    trainer = MinibatchTrainer(net, "mse", opt, batch)
    trainer.set_data(sp.X, sp.Y)
    replay = ReplayPermutations(sp.perms)

    def nn_setup() -> None:
        net.params[...] = sp.init
        opt.reset()
        trainer.restart_epoch()
        replay.i = 0

    def nn_run() -> None:
        for _ in range(epochs):
            trainer.epoch(replay)

    nn_setup()
    nn_run()  # warm-up: compiles the step, allocates workspaces
    t_nn = best_of(nn_run, repeats, nn_setup)
    us_nn = t_nn / steps * 1e6
    line("nnviz MinibatchTrainer (float64)", us_nn, epochs / t_nn)

    # torch
    best_torch = (float("inf"), "")
    if torch is not None:
        Xt, Yt = torch.from_numpy(sp.X), torch.from_numpy(sp.Y)
        perms_t = [torch.from_numpy(p) for p in sp.perms]
        for label, threads, fused in variants:
            torch.set_num_threads(threads)
            model = torch_mlp(net, torch.float64)
            topt = torch.optim.SGD(model.parameters(), lr=0.03, fused=fused or None)
            tnet = spiral_net(sp)

            def t_setup(model=model, tnet=tnet) -> None:
                load_torch_weights(model, tnet)

            def t_run(model=model, topt=topt) -> None:
                torch_epochs(model, topt, half_mse, Xt, Yt, perms_t, batch, epochs)

            t_run()
            t = best_of(t_run, repeats, t_setup)
            line(label, t / steps * 1e6, epochs / t, f"   nnviz {t / t_nn:5.1f}x faster")
            best_torch = min(best_torch, (t, label))
    else:
        print("  torch: not importable, skipped")

    # sklearn
    if sklearn is not None:
        clf = preset_mlp_classifier(
            net, hidden_layer_sizes=SPIRAL_SIZES[1:-1], activation="tanh", solver="sgd", learning_rate_init=0.03,
            momentum=0.0, nesterovs_momentum=False, alpha=0.0, batch_size=batch, shuffle=False,
            learning_rate="constant",
        )
        net0 = spiral_net(sp)
        clf.partial_fit(sp.X[sp.perms[0]], sp.labels[sp.perms[0]], classes=np.array([0, 1]))  # warm-up, initializes

        def s_run() -> None:
            sklearn_epochs(clf, sp.X, sp.labels, sp.perms, epochs)

        t = best_of(s_run, repeats, lambda: sklearn_reset(clf, net0))
        line("sklearn MLPClassifier (sgd, momentum 0)", t / steps * 1e6, epochs / t, f"   nnviz {t / t_nn:5.1f}x faster")
        print("    (sklearn's binary classifier has a logistic output + log-loss, targets 0/1: same layout,")
        print("     same initial weights and batches, but not the same numbers; partial_fit once per epoch)")
    else:
        print("  sklearn: not importable, skipped")

    if is_main:
        report.check(f"spiral 6x8 batch {batch}: {MU} per training step <= {SPIRAL_STEP_US_MAX:g}",
                     us_nn <= SPIRAL_STEP_US_MAX, f"{us_nn:.1f} {MU}")
        if best_torch[1]:
            ratio = best_torch[0] / t_nn
            report.check(f"spiral 6x8 batch {batch}: >= {SPIRAL_VS_TORCH_MIN:g}x faster than fastest torch",
                         ratio >= SPIRAL_VS_TORCH_MIN, f"{ratio:.1f}x")
            print(f"    (fastest torch: {best_torch[1]})")
        eps = epochs / t_nn
        report.check(f"spiral 6x8 batch {batch}: engine epochs/s >= {SPIRAL_EPOCHS_PER_S_MIN:g}",
                     eps >= SPIRAL_EPOCHS_PER_S_MIN, f"{eps:.0f}/s")
    else:
        if best_torch[1]:
            print(f"  nnviz vs fastest torch ({best_torch[1]}): {best_torch[0] / t_nn:.1f}x faster")


def run_session_workload(epochs: int, repeats: int, report: Report) -> None:
    heading(f"1b. Session.train: spiral 6x8, batch 10, per-epoch evaluation + history, {epochs} epochs, "
            f"best of {repeats}")
    config = Config(dataset="spiral", points=500, noise=0.0, train_ratio=50.0, hidden=(8,) * 6,
                    learning_rate=0.03, batch_size=10, seed=7)
    holder: list[Session] = []

    def setup() -> None:
        holder[:] = [Session(config)]

    def run() -> None:
        holder[0].train(epochs)

    setup()
    run()  # warm-up
    t = best_of(run, repeats, setup)
    s = holder[0]
    n_train = s.trainer.n_samples
    print(f"  {'nnviz Session.train':<44} {t / (epochs * s.trainer.batches_per_epoch) * 1e6:>10.1f} {MU}/step "
          f"{epochs / t:>10.1f} epochs/s   ({n_train} training points, {len(s.history)} history records)")
    print(f"  {'reference: TensorFlow Playground engine':<44} {'':>10}        {PLAYGROUND_EPOCHS_PER_S:>10.1f} "
          f"epochs/s   (published figure, not measured here)")
    report.check(f"spiral 6x8 batch 10: Session epochs/s >= {SPIRAL_EPOCHS_PER_S_MIN:g}",
                 epochs / t >= SPIRAL_EPOCHS_PER_S_MIN, f"{epochs / t:.0f}/s")
    print(f"    Session vs Playground's engine: {epochs / t / PLAYGROUND_EPOCHS_PER_S:.1f}x")


def run_grid_workload(repeats: int, calls: dict[int, int], variants: list[tuple[str, int, bool]],
                      report: Report) -> None:
    heading(f"3. Grid pass, every neuron's map, float32, spiral 6x8 net (best of {repeats})")
    thread_counts = sorted({threads for _, threads, _ in variants})
    for features in (("x1", "x2"), nd.FEATURES):
        config = Config(dataset="spiral", points=500, noise=0.0, train_ratio=50.0, hidden=(8,) * 6,
                        features=features, seed=7)
        session = Session(config)
        session.train(5)
        net = session.net
        print(f"  {len(features)} input features ({','.join(features)}): sizes {list(net.sizes)}")
        for R, k in calls.items():
            grids = session.grid.evaluate(net, features, R)  # warm-up, builds the cached grid inputs
            assert grids[-1].shape == (1, R, R) and len(grids) == len(net.sizes)

            def nn_run(R=R, k=k) -> None:
                for _ in range(k):
                    session.grid.evaluate(session.net, session.config.features, R)

            t_nn = best_of(nn_run, repeats) / k
            extra = ""
            if torch is not None:
                x_aug = session.grid.inputs(R, features)
                x = torch.from_numpy(np.ascontiguousarray(x_aug[:-1].T))  # (R*R, n_features) float32
                model = torch_mlp(net.copy(np.float32), torch.float32)
                mods = list(model)
                with torch.no_grad():
                    ref = model(x)
                    diff = float(np.max(np.abs(ref.numpy().reshape(R, R) - grids[-1][0])))
                figures = []
                for threads in thread_counts:
                    torch.set_num_threads(threads)

                    def t_run(k=k, x=x, mods=mods) -> None:
                        with torch.no_grad():
                            for _ in range(k):
                                kept = []
                                h = x
                                for m in mods:
                                    h = m(h)
                                    if not isinstance(m, torch.nn.Linear):
                                        kept.append(h)

                    t_run()
                    figures.append((best_of(t_run, repeats) / k, threads))
                extra = "   " + "   ".join(f"torch {n}t {t * 1e3:7.3f} ms" for t, n in figures)
                t_best = min(figures)[0]
                extra += f"   nnviz {t_best / t_nn:4.1f}x faster (output max |diff| {diff:.1e})"
            print(f"    {R}x{R}: nnviz {t_nn * 1e3:7.3f} ms{extra}")
            limit = GRID_MS_MAX[R]
            report.check(f"grid {R}x{R}, {len(features)} features, all maps: ms <= {limit:g}",
                         t_nn * 1e3 <= limit, f"{t_nn * 1e3:.3f} ms")
    print("    (torch keeps each layer's (R*R, n) activations; nnviz also returns them as (n, R, R) maps)")


@dataclass
class Digits:
    X: np.ndarray
    y: np.ndarray
    Xte: np.ndarray
    yte: np.ndarray
    perms: list[np.ndarray]
    init: np.ndarray


def make_digits(epochs: int) -> Digits:
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    rng = np.random.default_rng(1234)
    perms = [rng.permutation(len(Xtr)) for _ in range(epochs)]
    net = MLP(DIGITS_SIZES, (DIGITS_HIDDEN_ACTIVATION,) * 2 + ("softmax",))
    initialize(net, rng, "he")
    return Digits(np.ascontiguousarray(Xtr), ytr.astype(np.int64), np.ascontiguousarray(Xte), yte.astype(np.int64),
                  perms, net.params.copy())


def digits_net(dg: Digits) -> MLP:
    return MLP(DIGITS_SIZES, (DIGITS_HIDDEN_ACTIVATION,) * 2 + ("softmax",), np.float64, dg.init)


def nnviz_accuracy(net: MLP, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(net.predict(X), axis=1) == y))


def run_digits_workload(epochs: int, repeats: int, variants: list[tuple[str, int, bool]], report: Report) -> None:
    if sklearn is None:
        heading("4. Digits: skipped (scikit-learn, which ships the data, is not importable)")
        return
    dg = make_digits(epochs)
    batch = 32
    n = len(dg.X)
    steps_per_epoch = -(-n // batch)
    steps = steps_per_epoch * epochs
    heading(f"4. Digits 8x8 (sklearn): 64-128-64-10, {DIGITS_HIDDEN_ACTIVATION} hidden, softmax + cross-entropy, "
            f"Adam 0.001, batch {batch}")
    print(f"  {n} training / {len(dg.Xte)} held-out images, {steps_per_epoch} steps/epoch, {epochs} epochs "
          f"from the same He-initialized weights, best of {repeats}")

    net = digits_net(dg)
    opt = Optimizer("adam", 0.001, net.weight_mask)
    trainer = MinibatchTrainer(net, "cross_entropy", opt, batch)
    Y1 = np.eye(10)[dg.y]
    trainer.set_data(dg.X, Y1)
    replay = ReplayPermutations(dg.perms)

    def nn_setup() -> None:
        net.params[...] = dg.init
        opt.reset()
        trainer.restart_epoch()
        replay.i = 0

    def nn_run() -> None:
        for _ in range(epochs):
            trainer.epoch(replay)

    nn_setup()
    nn_run()
    t_nn = best_of(nn_run, repeats, nn_setup)
    acc_nn = nnviz_accuracy(net, dg.Xte, dg.yte)
    line("nnviz MinibatchTrainer (float64)", t_nn / steps * 1e6, epochs / t_nn, f"   held-out accuracy {acc_nn:.4f}")

    best_torch = (float("inf"), "")
    if torch is not None:
        Xt, yt = torch.from_numpy(dg.X), torch.from_numpy(dg.y)
        Xte_t = torch.from_numpy(dg.Xte)
        perms_t = [torch.from_numpy(p) for p in dg.perms]
        for label, threads, fused in variants:
            torch.set_num_threads(threads)
            model = torch_mlp(net, torch.float64)  # logits; F.cross_entropy applies the softmax
            topt = torch.optim.Adam(model.parameters(), lr=0.001, fused=fused or None)
            net0 = digits_net(dg)

            def t_setup(model=model, topt=topt, net0=net0) -> None:
                load_torch_weights(model, net0)
                topt.state.clear()

            def t_run(model=model, topt=topt) -> None:
                torch_epochs(model, topt, F.cross_entropy, Xt, yt, perms_t, batch, epochs)

            t_setup()
            t_run()
            t = best_of(t_run, repeats, t_setup)
            with torch.no_grad():
                acc = float((model(Xte_t).argmax(dim=1) == torch.from_numpy(dg.yte)).double().mean())
            line(label, t / steps * 1e6, epochs / t, f"   held-out accuracy {acc:.4f}   nnviz {t / t_nn:4.1f}x faster")
            best_torch = min(best_torch, (t, label))
    else:
        print("  torch: not importable, skipped")

    clf = preset_mlp_classifier(
        net, hidden_layer_sizes=DIGITS_SIZES[1:-1], activation=DIGITS_HIDDEN_ACTIVATION, solver="adam",
        learning_rate_init=0.001, alpha=0.0, batch_size=batch, shuffle=False,
    )
    net0 = digits_net(dg)
    clf.partial_fit(dg.X[dg.perms[0]], dg.y[dg.perms[0]], classes=np.arange(10))  # warm-up, initializes

    def s_run() -> None:
        sklearn_epochs(clf, dg.X, dg.y, dg.perms, epochs)

    t_sk = best_of(s_run, repeats, lambda: sklearn_reset(clf, net0))
    acc_sk = float(clf.score(dg.Xte, dg.yte))
    line("sklearn MLPClassifier (adam, alpha 0)", t_sk / steps * 1e6, epochs / t_sk,
         f"   held-out accuracy {acc_sk:.4f}   nnviz {t_sk / t_nn:4.1f}x faster")

    if best_torch[1]:
        ratio = best_torch[0] / t_nn
        report.check(f"digits Adam batch 32: >= {DIGITS_VS_TORCH_MIN:g}x faster than fastest torch",
                     ratio >= DIGITS_VS_TORCH_MIN, f"{ratio:.2f}x")
        print(f"    (fastest torch: {best_torch[1]})")
    report.check(f"digits: nnviz held-out accuracy >= {DIGITS_ACCURACY_MIN:g}", acc_nn >= DIGITS_ACCURACY_MIN,
                 f"{acc_nn:.4f}")

    # one identical epoch each, to show the three implement the same Adam step
    if torch is not None:
        torch.set_num_threads(1)
        ref = digits_net(dg)
        tr = MinibatchTrainer(ref, "cross_entropy", Optimizer("adam", 0.001, ref.weight_mask), batch)
        tr.set_data(dg.X, Y1)
        tr.epoch(ReplayPermutations(dg.perms))
        model = torch_mlp(digits_net(dg), torch.float64)
        topt = torch.optim.Adam(model.parameters(), lr=0.001)
        torch_epochs(model, topt, F.cross_entropy, torch.from_numpy(dg.X), torch.from_numpy(dg.y),
                     [torch.from_numpy(dg.perms[0])], batch, 1)
        sklearn_reset(clf, digits_net(dg))
        sklearn_epochs(clf, dg.X, dg.y, dg.perms[:1], 1)
        print(f"  after 1 identical Adam epoch, max |w_nnviz - w_torch| = "
              f"{np.max(np.abs(ref.params - torch_params_flat(model))):.2e}, "
              f"max |w_nnviz - w_sklearn| = {np.max(np.abs(ref.params - sklearn_flat(clf))):.2e}"
              f"  (sklearn adds eps to sqrt(v), not to sqrt(v_hat))")


def run_cross_check(report: Report) -> None:
    heading("5. Correctness cross-check: 1 epoch of workload 1 (float64, same weights, same batches)")
    sp = make_spiral(1)
    net = spiral_net(sp)
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.03, net.weight_mask), 10)
    trainer.set_data(sp.X, sp.Y)
    trainer.epoch(ReplayPermutations(sp.perms))
    moved = float(np.max(np.abs(net.params - sp.init)))
    if torch is None:
        print("  torch: not importable, cross-check skipped")
        return
    torch.set_num_threads(1)
    model = torch_mlp(spiral_net(sp), torch.float64)
    topt = torch.optim.SGD(model.parameters(), lr=0.03)
    torch_epochs(model, topt, half_mse, torch.from_numpy(sp.X), torch.from_numpy(sp.Y),
                 [torch.from_numpy(sp.perms[0])], 10, 1)
    diff = float(np.max(np.abs(net.params - torch_params_flat(model))))
    print(f"  largest weight change in the epoch: {moved:.3e}")
    report.check(f"max |w_nnviz - w_torch| after 1 epoch <= {CROSS_CHECK_MAX_DIFF:g}",
                 diff <= CROSS_CHECK_MAX_DIFF, f"{diff:.2e}")


# ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer epochs and repeats (about a minute)")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per figure (best is kept)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a check fails")
    args = parser.parse_args(argv)

    repeats = args.repeats or (3 if args.quick else 5)
    spiral_epochs = 16 if args.quick else 40
    fullbatch_epochs = 100 if args.quick else 300
    session_epochs = 60 if args.quick else 200
    digits_epochs = 30
    grid_calls = {100: 20, 300: 4} if args.quick else {100: 50, 300: 10}

    t_start = time.perf_counter()
    warnings.simplefilter("ignore", category=UserWarning)
    if sklearn is not None:
        warnings.simplefilter("ignore", category=ConvergenceWarning)

    print(f"nnviz engine benchmark{' (--quick)' if args.quick else ''}: best of {repeats} repeats per figure")
    print(f"  python {platform.python_version()}, numpy {np.__version__}, nnviz {nnviz.__version__}, "
          f"torch {torch.__version__ if torch is not None else 'not installed'}, "
          f"scikit-learn {sklearn.__version__ if sklearn is not None else 'not installed'}")
    n_cpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"  {platform.machine()}, {n_cpu} CPUs usable; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')} "
          f"(nnviz and sklearn: numpy BLAS on 1 thread)")
    variants: list[tuple[str, int, bool]] = []
    if torch is not None:
        default_threads = torch_default_threads()
        variants = torch_variants(default_threads)
        print(f"  torch default threads (without nnviz's OMP_NUM_THREADS=1): {default_threads}; measured: "
              + "; ".join(label for label, _, _ in variants))
    else:
        print("  torch is not importable: the torch comparisons are skipped")
    if sklearn is None:
        print("  scikit-learn is not importable: the sklearn comparisons and the digits workload are skipped")

    report = Report()
    sp = make_spiral(max(spiral_epochs, fullbatch_epochs))
    run_minibatch_workload("1. Spiral 2-8x6-1 tanh, mse, SGD 0.03, batch 10 (250 training points)",
                           sp, 10, spiral_epochs, repeats, variants, report, is_main=True)
    run_session_workload(session_epochs, repeats, report)
    run_minibatch_workload("2. Spiral 2-8x6-1 tanh, full batch (250)", sp, 250, fullbatch_epochs, repeats,
                           variants, report, is_main=False)
    run_grid_workload(repeats, grid_calls, variants, report)
    run_digits_workload(digits_epochs, repeats, variants, report)
    run_cross_check(report)
    if torch is not None:
        torch.set_num_threads(1)

    heading("Summary")
    for label, ok in report.checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    failed = sum(not ok for _, ok in report.checks)
    print(f"  {len(report.checks) - failed} passed, {failed} failed; total run time "
          f"{time.perf_counter() - t_start:.1f} s")
    return 1 if (failed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
