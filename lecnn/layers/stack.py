"""``Sequential``: layers applied in turn; ``from_network``: the layers of a ``Network``."""

from contextlib import contextmanager

from lecnn import activations as act
from lecnn.layers.base import Activation, Affine, Layer, OutputLoss
from lecnn.losses import accuracy
from lecnn.network import Network
from lecnn.validation import as_inputs, as_real_array, type_error, value_error


def _check_widths(layers):
    """Refuse layers whose widths do not chain: each takes the width the one before gives."""
    width = None
    for i, layer in enumerate(layers):
        q = layer.q_in if isinstance(layer, Affine) else getattr(layer, "q", None)
        if width is not None and q is not None and q != width:
            raise value_error("sequential_widths", i=i, layer=layer, q=q, width=width)
        width = layer.q_out if isinstance(layer, Affine) else width


class Sequential:
    """Layers applied in turn, ending with an output-and-error layer.

    Parameters
    ----------
    layers : sequence of Layer
        Affine and activation layers, input side first; the first must be an Affine.
    loss : OutputLoss

    Attributes
    ----------
    layers : list of Layer
    loss_layer : OutputLoss
    affines : list of Affine
        The Affine layers in order, affines[k] holding W_k.

    ``lecnn.train`` trains a Sequential as it trains a ``Network`` (without the fast path):
    every layer with parameters ``W`` and gradients ``dW`` (``Affine``, ``BatchNorm``) is
    updated, and layers that behave differently in training and evaluation (``Dropout``,
    ``BatchNorm``) are in training mode for the steps and in evaluation mode for the figures.
    """

    def __init__(self, layers, loss):
        try:
            self.layers = [] if isinstance(layers, (str, bytes)) else list(layers)
        except TypeError:  # None, a single layer: no list of layers
            self.layers = []
        if not self.layers or not isinstance(self.layers[0], Affine):
            raise value_error("sequential_start")
        for layer in self.layers:
            if not isinstance(layer, Layer) or isinstance(layer, OutputLoss):
                raise type_error("sequential_layer", value=layer)
        _check_widths(self.layers)
        if not isinstance(loss, OutputLoss):
            raise type_error("sequential_loss", value=loss)
        self.loss_layer = loss
        self.affines = [layer for layer in self.layers if isinstance(layer, Affine)]
        self._with_weights = [layer for layer in self.layers if hasattr(layer, "dW")]

    @property
    def d(self):
        """Input width d = q_0."""
        return self.affines[0].q_in

    @property
    def dtype(self):
        return self.affines[0].W.dtype

    @property
    def output(self):
        """The output activation f_r ("softmax", "sigmoid" or "identity")."""
        return self.loss_layer.name

    @property
    def m(self):
        """Output width m = q_{r+1}."""
        return self.affines[-1].q_out

    @property
    def weights(self):
        """The ``W`` of every layer that has parameters, input side first (the arrays themselves).

        Without ``BatchNorm`` layers these are [W_0, ..., W_r]. Assigning a list of arrays
        of the same shapes copies them in.
        """
        return [layer.W for layer in self._with_weights]

    @weights.setter
    def weights(self, values):
        current, values = self.weights, list(values)
        if len(values) != len(current):
            raise value_error(
                "weight_count", expected=len(current), r=len(current) - 1, count=len(values)
            )
        checked = []
        for i, (W, value) in enumerate(zip(current, values, strict=True)):
            value = as_real_array(value, f"weights[{i}]", W.dtype)
            if value.shape != W.shape:
                raise value_error(
                    "grad_shape",
                    name=f"weights[{i}]",
                    what="W",
                    expected=W.shape,
                    shape=value.shape,
                )
            checked.append(value)
        for W, value in zip(current, checked, strict=True):  # all checked: nothing half-copied
            W[...] = value

    @property
    def training(self):
        """Whether every layer is in training mode (see ``Layer.training``)."""
        return all(layer.training for layer in self.layers)

    def train(self):
        """Every layer in training mode; returns the stack."""
        for layer in self.layers:
            layer.train()
        return self

    def eval(self):
        """Every layer in evaluation mode; returns the stack."""
        for layer in self.layers:
            layer.eval()
        return self

    @contextmanager
    def mode(self, training):
        """Every layer in training (``training`` True) or evaluation mode inside a ``with``;
        each layer's own mode is back afterwards, also when the block raises."""
        modes = [layer.training for layer in self.layers]
        if training:
            self.train()
        else:
            self.eval()
        try:
            yield self
        finally:
            for layer, mode in zip(self.layers, modes, strict=True):
                layer.training = mode

    def logits(self, x):
        """u_r = W_r z_r, through every layer.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)

        Returns
        -------
        ndarray, shape (m,) or (n, m)
        """
        a, _ = as_inputs(x, self.d, self.dtype)
        for layer in self.layers:
            a = layer.forward(a)
        return a

    def forward(self, x):
        """y = f_r(W_r z_r); shapes as ``Network.forward``."""
        return act.ACTIVATIONS[self.loss_layer.name](self.logits(x))

    def loss(self, x, y):
        """Forward pass through every layer and the error layer: E (a batch: the mean).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``Network.loss``

        Returns
        -------
        float
        """
        x, _ = as_inputs(x, self.d, self.dtype)
        return self.loss_layer.forward(self.logits(x), y)

    def evaluate(self, x, y):
        """E and accuracy in evaluation mode (the modes are restored afterwards).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``loss``

        Returns
        -------
        loss : float
            Mean E over the samples.
        accuracy : float or None
            Fraction classified correctly (None for an identity output).
        """
        with self.mode(training=False):
            u_r = self.logits(x)
            loss = self.loss_layer.forward(u_r, y)
        return loss, accuracy(self.output, u_r, self.loss_layer.y)

    def backward(self):
        """Backward pass from E through every layer, after ``loss``.

        Returns
        -------
        list of ndarray
            The ``dW`` of each layer with parameters: [∂E/∂W_0, ..., ∂E/∂W_r] without
            ``BatchNorm`` layers.
        """
        grad = self.loss_layer.backward()  # δ_r
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return self.grads

    @property
    def grads(self):
        """The ``dW`` of every layer in ``weights`` from the last backward ([∂E/∂W_0, ..., ∂E/∂W_r])."""
        return [layer.dW for layer in self._with_weights]

    @property
    def delta(self):
        """[δ_0, ..., δ_r] from the last backward: what each Affine layer received."""
        return [affine.delta for affine in self.affines]

    def gradients(self, x, y):
        """``loss`` then ``backward``: [∂E/∂W_0, ..., ∂E/∂W_r], as ``Network.gradients``."""
        self.loss(x, y)
        return self.backward()

    def __repr__(self):
        inner = " → ".join(repr(layer) for layer in [*self.layers, self.loss_layer])
        return f"Sequential({inner})"


def from_network(net):
    """The layers of a ``Network``, with copies of its weights.

    Parameters
    ----------
    net : lecnn.Network

    Returns
    -------
    Sequential
        Affine(W_0), f_0, Affine(W_1), ..., f_{r-1}, Affine(W_r), then f_r with its E.
    """
    if not isinstance(net, Network):
        raise type_error("not_network", what="from_network", kind=type(net).__name__)
    layers = []
    for k, W in enumerate(net.weights):
        layers.append(Affine(W, dtype=net.dtype))
        if k < net.r:
            layers.append(Activation.named(net.hidden[k]))
    return Sequential(layers, OutputLoss.named(net.output))
