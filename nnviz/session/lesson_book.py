"""The built-in lessons: how each one's session is made, with its title and text.

`write_lessons(folder)` regenerates the files under resources/lessons/ (run
`python -m nnviz.session.lesson_book resources/lessons`). The files are what the app opens;
tests load them and train each to the outcome its text promises.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnviz import data as nd
from nnviz.data import FEATURES, Dataset
from nnviz.session.config import Config
from nnviz.session.frame import NO_DATA
from nnviz.session.lesson_markup import MARKDOWN
from nnviz.session.lessons import make_lesson_dict
from nnviz.session.session import Session


@dataclass(frozen=True)
class Lesson:
    """One lesson: its file name, title, Markdown text and how its session is made."""

    file: str
    title: str
    text: str
    make: Callable[[], Session]


def _fixed(config: Config, train: Dataset, test: Dataset) -> Session:
    """A session on exactly these training and test points."""
    session = Session(config, data=train)
    session.restore_state(session.net.params.copy(), train, test)
    return session


def _no_test(data: Dataset) -> Dataset:
    """An empty test part for data that is all there is (a truth table): nothing is held out to test on."""
    return Dataset(np.zeros((0, data.width)), np.zeros(0, np.int64), data.kind, data.n_classes, data.name)


def _gate(name: str) -> Dataset:
    return nd.generate(name, 4, 0.0, np.random.default_rng(0))


def one_to_zero() -> Session:
    """Lesson 1: one input neuron projected onto one sigmoid output neuron, learning 1 -> 0."""
    point = Dataset(np.array([[1.0, 0.0]]), np.array([0]), nd.CLASSIFICATION, 2, "input 1, target 0")
    config = Config(dataset="and", points=4, features=("x1",), hidden=(), activation="sigmoid",
                    output_activation="sigmoid", learning_rate=0.3, batch_size=1,
                    name="Lesson 1: two neurons learn 1 → 0")
    return _fixed(config, point, _no_test(point))


def xor_hidden() -> Session:
    """Lesson 2: XOR on 2 -> 1 (fails); the text has the student add a hidden layer of 3."""
    xor = _gate("xor_gate")
    config = Config(dataset="xor_gate", points=4, hidden=(), activation="sigmoid", output_activation="sigmoid",
                    learning_rate=0.3, batch_size=1, name="Lesson 2: XOR needs a hidden layer")
    return _fixed(config, xor, _no_test(xor))


def logic_gates() -> Session:
    """Lesson 3: a 2-10-10-1 sigmoid network with momentum on XOR (and AND, OR)."""
    xor = _gate("xor_gate")
    config = Config(dataset="xor_gate", points=4, hidden=(10, 10), activation="sigmoid",
                    output_activation="sigmoid", optimizer="momentum", momentum=0.1, learning_rate=0.3,
                    batch_size=1, name="Lesson 3: logic gates")
    return _fixed(config, xor, _no_test(xor))


QUADRANT_CENTRES = np.array([[3.0, 3.0], [-3.0, 3.0], [-3.0, -3.0], [3.0, -3.0]])


def quadrants() -> Session:
    """Lesson 4: four training points at the quadrant centres against 400 test points, no hidden layer."""
    train = Dataset(QUADRANT_CENTRES, np.array([0, 1, 2, 3]), nd.CLASSIFICATION, 4, "quadrant centres")
    test = nd.generate("quadrants", 400, 0.0, np.random.default_rng(1))
    config = Config(dataset="quadrants", hidden=(), learning_rate=0.03, batch_size=1,
                    name="Lesson 4: quadrants")
    return _fixed(config, train, test)


def goldilocks() -> Session:
    """Lesson 5: 18 noisy training points, a big network: the test loss falls, then rises."""
    return Session(Config(dataset="xor", points=60, noise=50, train_ratio=30, hidden=(8, 8, 8), learning_rate=0.1,
                          batch_size=1, name="Lesson 5: Goldilocks training"))


def spiral() -> Session:
    """Lesson 6: the spiral with every input feature and one small hidden layer."""
    return Session(Config(dataset="spiral", points=400, features=FEATURES, hidden=(6,), learning_rate=0.03,
                          name="Lesson 6: spiral — features against depth"))


def rate_too_high() -> Session:
    """Lesson 7: linear regression on the plane with learning rate 3: it diverges."""
    return Session(Config(dataset="plane", points=200, hidden=(), learning_rate=3.0,
                          name="Lesson 7: learning rate too high"))


def l1_prunes() -> Session:
    """Lesson 8: the circle with every feature and L1 regularization."""
    return Session(Config(dataset="circle", points=400, features=FEATURES, hidden=(4,), regularization="l1",
                          reg_rate=0.003, learning_rate=0.03, name="Lesson 8: L1 prunes the network"))


def penguins() -> Session:
    """Lesson 9: the Palmer penguins' four measurements, 4-6-3, on a slice through bill length and depth."""
    return Session(Config(dataset="penguins", hidden=(6,), learning_rate=0.1, batch_size=10,
                          name="Lesson 9: a network learns the penguins"))


def _text(*paragraphs: str, steps: tuple[str, ...] = ()) -> str:
    """A lesson text in Markdown: paragraphs, then the numbered "Try this" steps."""
    body = "\n\n".join(paragraphs)
    if steps:
        body += "\n\n**Try this**\n\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    return body + "\n"


LESSONS: tuple[Lesson, ...] = (
    Lesson("01-two-neurons.json", "1. Two neurons learn “1 → 0”", _text(
        "The smallest network there is: one input neuron projected onto one output neuron with a sigmoid, "
        "as in Synaptic's first tutorial. It has one training example, input 1 with target 0, and no test "
        f"data: the test figures read “{NO_DATA}”.",
        "Every step moves the weight and the bias a little against the error, with learning rate 0.3. "
        "The output starts near 0.57 and creeps towards 0: below 0.01 after 1,000 epochs. The accuracy "
        "starts at 0 % (0 of 1), as an output above ½ counts as class 1, and reads 100 % (1 of 1) after the "
        "first step, when the output drops below ½: accuracy counts right classes, the loss measures how far "
        "the output still is from 0.",
        steps=("Press **E** (Explain step) and walk the sample with **→**: z = w·x + b, a = σ(z), "
               "the loss, δ = a − y, and the update of w and b.",
               "Leave with **E**, type 1000 in **Run for** and press Run: the loss chart falls towards 0.",
               "Shift+click the output view at X₁ = 1 to read the output neuron's value: now below 0.01.")),
        one_to_zero),
    Lesson("02-xor-hidden-layer.json", "2. XOR needs a hidden layer", _text(
        "XOR is 1 when exactly one input is 1. No straight line separates its two classes, and a network "
        "without a hidden layer draws exactly one straight line: this 2 → 1 sigmoid network never gets "
        "more than three of the four rows right.",
        "Add a hidden layer of three sigmoid neurons (Synaptic's 2-3-1 perceptron, rate 0.3, one sample "
        "per update) and it learns all four rows within 1,000 epochs.",
        steps=("Press Play for a few seconds: the boundary stays a straight line and the accuracy stays at 75 % "
               "or below.",
               "Press **Controls** (top left) if the side panel is folded away; in its **Network** group press "
               "**+** next to Hidden layers, then **⊖** above the new layer in the graph: 4 neurons become 3.",
               "Press Play again and watch the hidden neurons' pictures combine into the XOR pattern.")), xor_hidden),
    Lesson("03-logic-gates.json", "3. Logic gates", _text(
        "The hand-written network of the “build a network from scratch” article: 2-10-10-1 sigmoid neurons, "
        "learning rate 0.3, one sample per update and momentum 0.1, as in the article: each step keeps "
        "a tenth of the step before it (the settings bar shows μ beside the optimizer).",
        "The same network learns AND and OR within a few hundred epochs, and XOR, the hard one, to 100 % "
        "within 2,000 epochs.",
        steps=("Type 2000 in **Run for**, press Run and watch XOR being learnt.",
               "Pick the AND gate, then the OR gate in the **Data** group (**Controls** shows it), and train again.",
               "Press **E** and pick one of the points to follow it through both hidden layers.")), logic_gates),
    Lesson("04-quadrants.json", "4. Quadrants", _text(
        "Four colours, one per quadrant, and only four training points at the quadrant centres (±3, ±3), "
        "against 400 test points all over the plane (the vanilla-JS visualiser article, on nnviz's ±6 plane).",
        "With no hidden layer (2 inputs → 4 softmax outputs) each boundary is a straight line, and the "
        "network gets nearly every test point right. With a hidden layer it still fits the four training "
        "points perfectly, but four points say little about where the quadrants end: its test accuracy drops.",
        steps=("Press Play; tick **Show test data**.",
               "Shift+click anywhere to read the four raw outputs, their softmax probabilities and the class.",
               "Add a hidden layer (**Controls**, then **+** next to Hidden layers) and give it 8 neurons with **⊕** "
               "above it in the graph; press Play and compare the test accuracy.")), quadrants),
    Lesson("05-goldilocks.json", "5. Goldilocks training", _text(
        "A small, noisy training set (18 points) and a big network (three hidden layers of 8). The training "
        "loss keeps falling; the test loss falls for a few dozen epochs and then rises: the network starts "
        "learning the noise.",
        "Too little training underfits, too much overfits; the best stopping point is where the test loss "
        "is lowest.",
        steps=("Run for 20 epochs and note the test loss.",
               "Run for 300 more: the training loss is lower, the test loss is higher.",
               "Reset and find the epoch count with the lowest test loss.")), goldilocks),
    Lesson("06-spiral.json", "6. Spiral: features against depth", _text(
        "The spiral is hard with only x₁ and x₂: even three hidden layers of 8 stay well below 80 % test "
        "accuracy after 300 epochs. Give one small hidden layer the engineered features X₁², X₂², X₁X₂, "
        "sin(X₁) and sin(X₂) and it passes 95 %.",
        steps=("Press Play and watch the boundary wind around.",
               "Under **Input features** (**Controls** shows them) switch off every feature but X₁ and X₂, reset, "
               "and train again.",
               "Now add hidden layers instead of features: which wins after 300 epochs?")), spiral),
    Lesson("07-rate-too-high.json", "7. Learning rate too high", _text(
        "A linear model of the tilted plane with learning rate 3. Each step overshoots the minimum by more "
        "than it started from, so the weights grow until the loss is no longer a number.",
        "nnviz stops training, puts back the weights of the last good epoch and says so in the status bar.",
        steps=("Press Play and watch the loss chart climb.",
               "Read the message: at which epoch did it diverge, and which epoch's weights came back?",
               "Those weights are already huge: lower the learning rate to 0.03, press Reset for new weights "
               "and press Play: now it converges.")), rate_too_high),
    Lesson("08-l1-prunes.json", "8. L1 prunes the network", _text(
        "The circle with all seven input features and L1 regularization (rate 0.003). L1 pulls every weight "
        "towards zero by the same amount each step and sets a weight that crosses zero to exactly 0.",
        "Only the path that matters survives: the weights out of X₁² and X₂² (a circle is x₁² + x₂² = r²); "
        "the other features' edges fade to grey.",
        steps=("Press Play for 300 epochs.",
               "Hover the input edges: which weights are exactly 0?",
               "Set Regularization to None, reset and train: every feature keeps a weight.")), l1_prunes),
    Lesson("09-penguins.json", "9. A network learns the penguins", _text(
        "Real data: 342 penguins of three species from the Palmer Archipelago, each with four measurements "
        "(bill length and depth, flipper length, body mass). Two of the 344 rows have no measurements and "
        "were dropped. The inputs are standardised on the training part: mean 0, standard deviation 1.",
        "Four inputs do not fit on a plane, so the output view shows a slice: bill length across, bill depth "
        "up, flipper length and body mass held at their medians. A 4-6-3 network gets more than 95 % of the "
        "test penguins right within 50 epochs; the confusion matrix shows which species it still mixes up.",
        steps=("Press Play and watch the three species' regions form on the slice.",
               "Open the **Slice** tab below this text and drag the flipper_length_mm slider: the regions move, "
               "and the points far from the slice fade.",
               "In the same tab choose **Principal components** as the axes: the plane the data spreads most in.",
               "Open the **Confusion matrix** tab: which species are confused, in training and in the test?")),
           penguins),
)


def make_lesson(lesson: Lesson) -> Session:
    """A lesson's session with its title and text attached."""
    session = lesson.make()
    session.lesson = make_lesson_dict(lesson.title, lesson.text, MARKDOWN)
    return session


def write_lessons(folder: str | Path) -> list[Path]:
    """Write every built-in lesson's session file into folder."""
    # lazy: the writer loads only when the lesson files are written
    from nnviz.session.files import save_session

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in LESSONS:
        save_session(make_lesson(lesson), out / lesson.file, lesson_book=True)
        written.append(out / lesson.file)
    return written


if __name__ == "__main__":
    write_lessons(sys.argv[1] if len(sys.argv) > 1 else "resources/lessons")
