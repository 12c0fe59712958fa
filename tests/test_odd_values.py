"""Odd values fed to every public function a student calls: lecnn's own message or a result.

Each call below gets each value of ODD in the place of one argument. It may accept it (None
is a fine seed, "a" a fine file name) or raise lecnn's ValueError or TypeError, Japanese then
English and a few lines long; never Python's or NumPy's own error from inside lecnn
("not iterable", "unhashable", "could not convert string to float", a MemoryError), never
a hang. The activation functions themselves (``lecnn.activations.sigmoid``, ...) are
NumPy-level formulas on arrays and are left out.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lecnn
from lecnn.playground import Engine, Settings


class Endless:
    """An iterator without end. Reading it 100,000 entries far fails the test, so that code
    which reads it whole fails here, not by filling the machine's memory."""

    def __init__(self):
        self.read = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.read += 1
        assert self.read < 100_000, "lecnn tried to read an endless iterator whole"
        return self.read


ODD = {  # each makes a fresh value for each test
    "None": lambda: None,
    "str": lambda: "a",
    "complex": lambda: 1j,
    "object": object,
    "dict": lambda: {"a": 1},
    "ragged": lambda: [[1], [1, 2]],
    "text array": lambda: np.array(["x", "y"]),
    "object array": lambda: np.zeros(2, dtype=object),
    "huge range": lambda: range(10**10),
    "endless": Endless,
    "huge int": lambda: -(10**5000),
}

X, LABELS = np.zeros((4, 2)), np.array([0, 1, 0, 1])


def _net():
    return lecnn.Network([2, 3, 2], seed=0)


def _relu():
    return lecnn.Network([2, 4, 1], hidden="relu", output="identity", seed=0)


def _after_forward(layer, x):
    layer.forward(x)
    return layer


CALLS = {
    "Network(sizes)": lambda v: lecnn.Network(v),
    "Network(hidden)": lambda v: lecnn.Network([2, 3, 2], hidden=v),
    "Network(output)": lambda v: lecnn.Network([2, 3, 2], output=v),
    "Network(init)": lambda v: lecnn.Network([2, 3, 2], init=v),
    "Network(seed)": lambda v: lecnn.Network([2, 3, 2], seed=v),
    "net.weights =": lambda v: setattr(_net(), "weights", v),
    "net.forward": lambda v: _net().forward(v),
    "net.loss(y)": lambda v: _net().loss(X, v),
    "net.step(eta)": lambda v: _net().step(X, LABELS, v),
    "train(X)": lambda v: lecnn.train(_net(), v, LABELS, epochs=1),
    "train(epochs)": lambda v: lecnn.train(_net(), X, LABELS, epochs=v),
    "train(batch_size)": lambda v: lecnn.train(_net(), X, LABELS, epochs=1, batch_size=v),
    "train(optimizer)": lambda v: lecnn.train(_net(), X, LABELS, epochs=1, optimizer=v),
    "Adam.update(grads)": lambda v: lecnn.optim.Adam(0.01).update(_net(), v),
    "one_hot": lambda v: lecnn.data.one_hot(v, 3),
    "train_test_split": lambda v: lecnn.data.train_test_split(v, LABELS),
    "numerical_gradient": lambda v: lecnn.gradcheck.numerical_gradient(np.sum, v),
    "Affine(W)": lambda v: lecnn.layers.Affine(v),
    "Sigmoid.forward": lambda v: lecnn.layers.Sigmoid().forward(v),
    "Dropout.forward": lambda v: lecnn.layers.Dropout().forward(v),
    "Dropout.backward": lambda v: _after_forward(lecnn.layers.Dropout(), X).backward(v),
    "BatchNorm(q)": lambda v: lecnn.layers.BatchNorm(v),
    "activation_patterns": lambda v: lecnn.regions.activation_patterns(_relu(), v),
    "count_regions_2d": lambda v: lecnn.regions.count_regions_2d(_relu(), v),
    "plot_decision_boundary(X)": lambda v: lecnn.plotting.plot_decision_boundary(_net(), v, [0]),
    "plot_decision_boundary(net)": lambda v: lecnn.plotting.plot_decision_boundary(v, X, LABELS),
    "plot_activations": lambda v: lecnn.plotting.plot_activations(v),
    "plot_history": lambda v: lecnn.plotting.plot_history(v),
    "save(path)": lambda v: lecnn.save(_net(), v),
    "Engine(dataset)": lambda v: Engine(Settings(dataset=v)),
    "from_state": lambda v: lecnn.playground.state.from_state(v),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("value", list(ODD), ids=list(ODD))
@pytest.mark.parametrize("call", list(CALLS), ids=list(CALLS))
def test_an_odd_value_gets_lecnns_message_or_works(call, value, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # save("a") writes a.npz here
    try:
        CALLS[call](ODD[value]())
    except (TypeError, ValueError) as err:
        text = str(err)
        japanese, separator, english = text.partition(" / ")
        assert separator and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese), text
        assert english and len(text) < 700, text
    except lecnn.optim.DivergenceError:
        pass  # lecnn's own error, tested elsewhere
    finally:
        plt.close("all")
