"""The arithmetic of an explained step as text, with the real numbers (Qt-free).

Every result shown (z, a, the loss, δ, ∂L/∂w, the new weight) is the engine's own number
from the explanation; the text only writes out the terms that produced it, e.g.
`z = w₁·x₁ + w₂·x₂ + b = 0.310·0.500 + (−1.200)·(−0.500) + 0.100 = 0.855`.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.data import FEATURE_LABELS
from nnviz.engine import MLP, losses
from nnviz.engine import activations as act
from nnviz.session.explain.numbers import compact, distinct, fmt, plain, recomputable
from nnviz.session.explain.phases import Phase
from nnviz.session.explain.sample import PointReadout, SampleExplanation
from nnviz.session.explain.sample_words import class_words, input_line, readout_place, sample_words, target_words
from nnviz.session.graph_refs import NeuronRef, Selection

MAX_TERMS = 4  # a weighted sum shows this many terms, then the rest summed up
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def num(v: float, n: int | None = None) -> str:
    """A number with the chosen significant digits (or n), an exponent when tiny or huge, a true minus."""
    return fmt(v, n)


def par(v: float, n: int | None = None) -> str:
    """num(v), in parentheses when negative (inside a product)."""
    text = num(v, n)
    return f"({text})" if text.startswith("−") else text


def sub(i: int) -> str:
    """1-based subscript digits: sub(0) = '₁'."""
    return str(i + 1).translate(_SUB)


def csub(k: int) -> str:
    """A class index as a subscript (0-based, as classes are numbered): csub(0) = '₀'."""
    return str(k).translate(_SUB)


def neuron_name(ex: SampleExplanation, layer: int, j: int) -> str:
    """x₁ for inputs, h₂ in hidden layers, ŷ (or ŷ₀ for class 0) at the output."""
    if layer == 0:
        return f"x{sub(j)}"
    if layer == ex.n_layers:
        return "ŷ" if ex.sizes[-1] == 1 else f"ŷ{csub(j)}"
    return f"h{sub(j)}"


def where_name(ex: SampleExplanation, layer: int, j: int) -> str:
    """A name a person reads: "input X₁²", "hidden layer 1, neuron 3", "output 2"."""
    if layer == 0:
        name = ex.feature_names[j] if j < len(ex.feature_names) else f"x{j + 1}"
        return f"input {FEATURE_LABELS.get(name, name)}"
    if layer == ex.n_layers:
        if ex.sizes[-1] == 1:
            return "the output"
        return f"output {j} (class {ex.class_names[j]})" if j < len(ex.class_names) else f"output {j} (class {j})"
    return f"hidden layer {layer}, neuron {j + 1}"


def weighted_sum(ex: SampleExplanation, layer: int, j: int) -> str:
    """z = Σ wᵢ·aᵢ + b with the numbers."""
    w, b = ex.weights[layer - 1][j], ex.biases[layer - 1][j]
    inputs = ex.a[layer - 1]
    names = [f"w{sub(i)}·{neuron_name(ex, layer - 1, i)}" for i in range(len(inputs))]
    terms = [f"{par(w[i])}·{par(inputs[i])}" for i in range(len(inputs))]
    shown = min(len(terms), MAX_TERMS)
    numeric = " + ".join(terms[:shown])
    symbolic = " + ".join(names[:shown])
    if len(terms) > shown:
        rest = float(np.dot(w[shown:], inputs[shown:]))
        symbolic += " + …"
        numeric += f" + [{len(terms) - shown} more: {num(rest)}]"
    return f"z = {symbolic} + b = {numeric} + {par(b)} = {num(ex.z[layer][j])}"


def activation_line(ex: SampleExplanation, layer: int, j: int) -> str:
    """a = f(z) with the numbers (softmax: over the whole layer), from the engine's table of activations."""
    name, z, a = ex.activations[layer - 1], ex.z[layer][j], ex.a[layer][j]
    if name != "softmax":
        return act.SPECS[name].formula.format(z=num(z), a=num(a), mz=num(-z), pz=par(z), pa=par(a))
    zs = ex.z[layer]
    parts = " + ".join(f"e^{par(v)}" for v in zs[:MAX_TERMS]) + (" + …" if len(zs) > MAX_TERMS else "")
    return f"ŷ{csub(j)} = e^z{csub(j)} / Σₖ e^zₖ = e^{par(z)} / ({parts}) = {num(a)}"


def slope_line(ex: SampleExplanation, layer: int, j: int) -> tuple[str, str, float]:
    """f'(z) written from a: (symbolic, with the numbers, its value as the engine takes it)."""
    name, z, a = ex.activations[layer - 1], ex.z[layer][j], ex.a[layer][j]
    spec = act.SPECS[name]
    value = 1.0 if spec.factor is None else float(act.derivative(name, np.array([[a]]))[0, 0])
    return spec.slope, spec.slope_numbers.format(z=num(z), pa=par(a), slope=num(value)), value


def loss_lines(ex: SampleExplanation) -> list[str]:
    """The prediction, the target and the loss with its formula."""
    L, a, y = ex.n_layers, ex.a[-1], ex.target
    lines = []
    if ex.sizes[L] == 1:
        lines.append(f"prediction ŷ = {num(a[0])}, target y = {num(y[0])}")
    else:
        probs = ", ".join(f"{num(v)}" for v in a[:8]) + (", …" if len(a) > 8 else "")
        lines.append(f"class probabilities (softmax) = [{probs}]; "
                     f"decoded class = {class_words(int(np.argmax(a)), ex.class_names)}")
        lines.append(f"target (one-hot) y = class {class_words(int(np.argmax(y)), ex.class_names)}")
    lines.append(loss_numbers(ex))
    return lines


def loss_numbers(ex: SampleExplanation) -> str:
    """L = its formula (from the loss table) = the terms with the numbers = L; each input gets the digits it
    takes to recompute L from them as written."""
    spec = losses.SPECS[ex.loss_name]
    a, y = ex.a[-1], ex.target
    k = int(np.argmax(y))
    shown = [k] if spec.target_only else list(range(min(len(a), MAX_TERMS)))
    cut = not spec.target_only and len(a) > MAX_TERMS
    cols = [[float(a[j]) for j in shown], [float(y[j]) for j in shown],
            [1 - float(a[j]) for j in shown], [1 - float(y[j]) for j in shown]]
    sample = spec.sample
    m = len(shown)
    n, r = (None, None) if cut or sample is None else recomputable(
        lambda *v: sample(v[:m], v[m:2 * m], v[2 * m:3 * m], v[3 * m:]), [x for col in cols for x in col], ex.loss)
    terms = " + ".join(spec.term.format(a=num(p, n), y=par(t, n), na=num(q, n), ny=num(u, n))
                       for p, t, q, u in zip(*cols, strict=True))
    numbers = spec.numbers.format(terms=terms + (" + …" if cut else ""), k=csub(k))
    return f"L = {spec.formula} = {numbers} = {num(ex.loss, r)}"


def delta_line(ex: SampleExplanation, layer: int, j: int) -> str:
    """δ = ∂L/∂z with the numbers: from the loss at the output, from the next layer's δ elsewhere."""
    d = ex.deltas[layer][j]
    if layer == ex.n_layers:
        a, y = ex.a[layer][j], ex.target[j]
        spec = losses.SPECS[ex.loss_name]
        if spec.paired is None and ex.activations[-1] not in ("linear", "step"):
            sym, slope, _ = slope_line(ex, layer, j)
            return f"δ = (ŷ − y)·{sym} = ({num(a)} − {par(y)})·{slope} = {num(d)}"
        why = f" ({spec.paired} with {spec.display})" if spec.paired else ""
        n, r = recomputable(lambda p, t: p - t, [a, y], d)
        return f"δ = ŷ − y{why} = {num(a, n)} − {par(y, n)} = {num(d, r)}"
    w_next, d_next = ex.weights[layer][:, j], ex.deltas[layer + 1]
    names = [f"w{sub(k)}·δ{sub(k)}" for k in range(len(d_next))]
    terms = [f"{par(w_next[k])}·{par(d_next[k])}" for k in range(len(d_next))]
    shown = min(len(terms), MAX_TERMS)
    back = float(np.dot(w_next, d_next))
    rest = float(np.dot(w_next[shown:], d_next[shown:]))
    more = f" + [{len(terms) - shown} more: {num(rest)}]" if len(terms) > shown else ""
    sym, slope, value = slope_line(ex, layer, j)
    return (f"δ = f′(z)·Σₖ wₖ·δₖ = {sym}·({' + '.join(names[:shown])}{' + …' if more else ''}) = "
            f"{slope}·({' + '.join(terms[:shown])}{more}) = {num(value)}·{par(back)} = {num(d)}")


def _flat_index(ex: SampleExplanation, layer: int, src: int | None, dst: int) -> int:
    """Where a weight (src) or a bias (src None) sits in the flat parameter buffer."""
    net = MLP(ex.sizes, ex.activations)
    cols = net.shapes[layer - 1][1]
    return int(net.offsets[layer - 1]) + dst * cols + (cols - 1 if src is None else src)


def update_lines(ex: SampleExplanation, layer: int, src: int | None, dst: int, alone: bool) -> list[str]:
    """The optimizer's step for one weight (src given) or bias, with its state terms."""
    step = ex.step(alone)
    i = _flat_index(ex, layer, src, dst)
    w_old, w_new, g = float(ex.params_before[i]), float(step.params_after[i]), float(step.gradient[i])
    o = ex.optimizer
    sym = "w" if src is not None else "b"
    lines = []
    if len(step.samples) > 1:
        lines.append(f"∂L/∂{sym} = mean over the {len(step.samples)} samples of the batch = {num(g)}")
    else:
        lines.append(f"∂L/∂{sym} = {num(g)} (this sample alone)")
    if src is not None and o.regularization != "none" and o.reg_rate > 0:
        if o.regularization == "l1":
            g2 = g + o.reg_rate * float(np.sign(w_old))
            lines.append(f"L1: g = ∂L/∂w + λ·sign(w) = {num(g)} + {plain(o.reg_rate)}·{par(np.sign(w_old))} "
                         f"= {num(g2)}")
        else:
            g2 = g + o.reg_rate * w_old
            lines.append(f"L2: g = ∂L/∂w + λ·w = {num(g)} + {plain(o.reg_rate)}·{par(w_old)} = {num(g2)}")
        g = g2
    rate = float(o.learning_rate)
    lr = compact(repr(rate))  # the shortest text that is exactly the rate: the line recomputes with it
    if o.kind == "sgd":  # the old and new value always differ as written, and the line recomputes
        n, r = recomputable(lambda w, q: w - rate * q, [w_old, g], w_new, apart=(w_old, w_new))
        lines.append(f"{sym} ← {sym} − lr·g = {num(w_old, n)} − {lr}·{par(g, n)} = {num(w_new, r)}")
    elif o.kind == "momentum":
        v0 = float(np.asarray(step.state_before.get("v", np.zeros_like(ex.params_before)))[i])
        v1 = float(np.asarray(step.state_after["v"])[i])
        mu = float(o.momentum)
        n, r = recomputable(lambda p, q: mu * p + q, [v0, g], v1)
        lines.append(f"velocity v ← μ·v + g = {mu!r}·{par(v0, n)} + {par(g, n)} = {num(v1, r)}")
        n, r = recomputable(lambda w, q: w - rate * q, [w_old, v1], w_new, apart=(w_old, w_new))
        lines.append(f"{sym} ← {sym} − lr·v = {num(w_old, n)} − {lr}·{par(v1, n)} = {num(w_new, r)}")
    else:
        t = int(step.state_after["steps"])  # type: ignore[call-overload]
        zero = np.zeros_like(ex.params_before)
        m0 = (1 - o.beta1) * float(np.asarray(step.state_before.get("m", zero))[i])
        v0 = (1 - o.beta2) * float(np.asarray(step.state_before.get("v", zero))[i])
        m1 = (1 - o.beta1) * float(np.asarray(step.state_after["m"])[i])
        v1 = (1 - o.beta2) * float(np.asarray(step.state_after["v"])[i])
        mh, vh = m1 / (1 - o.beta1**t), v1 / (1 - o.beta2**t)
        lines.append(f"m ← β₁·m + (1 − β₁)·g = {plain(o.beta1)}·{par(m0)} + {plain(1 - o.beta1, 3)}·{par(g)} "
                     f"= {num(m1)}")
        lines.append(f"v ← β₂·v + (1 − β₂)·g² = {plain(o.beta2)}·{par(v0)} + {plain(1 - o.beta2, 3)}·{par(g)}² "
                     f"= {num(v1)}")
        lines.append(f"step t = {t}, bias-corrected: M = m / (1 − β₁ᵗ) = {num(mh)}, V = v / (1 − β₂ᵗ) = {num(vh)}")
        n = distinct(w_old, w_new)
        lines.append(f"{sym} ← {sym} − lr·M / (√V + ε) = {num(w_old, n)} − {lr}·{par(mh)} / "
                     f"({num(math.sqrt(max(vh, 0.0)))} + {num(o.eps)}) = {num(w_new, n)}")
    if src is not None and o.regularization == "l1" and w_new == 0.0 and w_old != 0.0:
        lines.append("L1: the step carried the weight across zero, so it is set to exactly 0")
    return lines


def detail(ex: SampleExplanation, phase: Phase, selection: Selection, alone: bool = True) -> list[str]:
    """The lines of arithmetic for the selected node or edge in a phase (the first line names it)."""
    if selection is None:
        return []
    if isinstance(selection, NeuronRef):
        return _node_detail(ex, phase, selection.layer, selection.neuron, alone)
    layer, src, dst = selection.layer, selection.src, selection.dst
    w = ex.weights[layer - 1][dst, src]
    head = f"weight from {where_name(ex, layer - 1, src)} to {where_name(ex, layer, dst)}"
    if phase.kind == "backward":
        d, a = ex.deltas[layer][dst], ex.a[layer - 1][src]
        g = ex.grad_weights[layer - 1][dst, src]
        return [head, f"∂L/∂w = δ·a = {par(d)}·{par(a)} = {num(g)}   "
                      f"(δ of {where_name(ex, layer, dst)}, a of {where_name(ex, layer - 1, src)})"]
    if phase.kind == "update":
        return [head, *update_lines(ex, layer, src, dst, alone)]
    a = ex.a[layer - 1][src]
    return [head, f"w = {num(w)}; it adds w·a = {par(w)}·{par(a)} = {num(w * a)} to z of "
                  f"{where_name(ex, layer, dst)}"]


def _node_detail(ex: SampleExplanation, phase: Phase, layer: int, j: int, alone: bool) -> list[str]:
    head = where_name(ex, layer, j)
    if layer == 0:
        return [head, input_line(ex, j, neuron_name(ex, 0, j))]
    lines = [head]
    if phase.kind in ("inputs", "forward") or (phase.kind == "loss" and layer < ex.n_layers):
        return [head, weighted_sum(ex, layer, j), activation_line(ex, layer, j)]
    if phase.kind == "loss":
        return [head, activation_line(ex, layer, j), *loss_lines(ex)]
    if phase.kind == "backward":
        lines.append(delta_line(ex, layer, j))
        lines.append(f"∂L/∂b = δ = {num(ex.grad_biases[layer - 1][j])}")
        return lines
    return [head, *update_lines(ex, layer, None, j, alone)]


def summary(ex: SampleExplanation, phase: Phase, alone: bool = True) -> str:
    """One or two sentences on what this phase does (plain text)."""
    L = ex.n_layers
    if phase.kind == "inputs":
        takes = "standardised values" if ex.scaling is not None else "feature values"
        where = sample_words(ex)  # "with name = value, …" takes a semicolon before the class
        glue = "; " if where.startswith("with") else ", "
        return (f"Training sample {ex.index + 1} {where}{glue}{target_words(ex)}. "
                f"The input neurons take its {takes}. Click another point to pick it; "
                "click a neuron or an edge to see its arithmetic.")
    if phase.kind == "forward":
        return ("Each neuron adds up its inputs times the weights on the highlighted edges, plus its bias "
                "(z), and squashes the sum with its activation function (a).")
    if phase.kind == "loss":
        loss = losses.SPECS[ex.loss_name].display
        return f"The output is compared with the target: the {loss} loss is {num(ex.loss)}."
    if phase.kind == "backward":
        first = "starts at the output" if phase.layer == L else "passes back through the weights"
        return (f"The error {first}: δ = ∂L/∂z of each neuron, and each edge's gradient ∂L/∂w = δ·a "
                "(blue: positive, the weight will shrink; orange: negative, it will grow; thickness is the size).")
    o = ex.optimizer
    text = {"sgd": f"Each weight moves against its gradient: w ← w − lr·∂L/∂w with lr = {plain(o.learning_rate)}.",
            "momentum": f"Momentum: each weight moves by its velocity v ← μ·v + g (μ = {plain(o.momentum)}).",
            "adam": "Adam: each weight moves by its running mean gradient m over the root of its running "
                    "mean square v, both bias-corrected."}[o.kind]
    if ex.batch is not None:
        text += (f" With batch size {ex.batch_size} training averages the gradients of "
                 f"{len(ex.batch.samples)} samples; this update uses "
                 f"{'this sample alone' if alone else 'the batch mean'}.")
    return text + " ← undoes the update."


def readout_lines(r: PointReadout, output_activation: str) -> list[str]:
    """What the network says at one point: raw outputs, probabilities (softmax) and the decoded class."""
    lines = [readout_place(r)]
    if len(r.outputs) == 1:
        f = output_activation
        lines.append(f"output ŷ = {f}(z) = {f}({num(r.logits[0])}) = {num(r.outputs[0])}")
        if r.problem == "regression":
            lines.append(f"predicted value = {num(r.decoded)}")
        else:
            lines.append(f"decoded class = {int(r.decoded)}{_named(r)}")
        return lines
    lines.append("output z = [" + ", ".join(num(v) for v in r.logits) + "]")
    name = "softmax probabilities" if output_activation == "softmax" else "outputs a"
    lines.append(f"{name} = [" + ", ".join(num(v) for v in r.outputs) + "]")
    lines.append(f"decoded class = argmax = {int(r.decoded)}{_named(r)}")
    return lines


def _named(r: PointReadout) -> str:
    return f" ({r.class_name})" if r.class_name else ""
