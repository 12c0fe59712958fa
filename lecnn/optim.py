"""Optimisers: update rules for W_k beyond plain SGD, as ``torch.optim`` defines them.

The lecture's update is W_k ← W_k − η ∂E/∂W_k. An optimiser replaces it with a rule that
keeps some state per W_k (a running sum of past gradients, of their squares, ...). Each
rule here follows ``torch.optim``'s definition for the same hyperparameters, so that a
step in lecnn and in PyTorch from the same weights and gradients gives the same weights
(tests/test_optim.py holds them to 1e-10). Write G_k for ∂E/∂W_k and t for the steps
taken (1, 2, ...); products, squares, roots and quotients of matrices are elementwise:

- ``SGD``: V_k ← μ V_k + (1 − τ) G_k (V_k = G_k at t = 1), then W_k ← W_k − η V_k, or with
  Nesterov W_k ← W_k − η (G_k + μ V_k). μ = 0 is the lecture's update.
- ``AdaGrad``: S_k ← S_k + G_k², W_k ← W_k − η G_k / (√S_k + ε): a step per weight that
  shrinks as that weight's gradients add up.
- ``RMSProp``: S_k ← α S_k + (1 − α) G_k², W_k ← W_k − η G_k / (√S_k + ε): the same with a
  running mean, which forgets old gradients.
- ``Adam``: M_k ← β₁ M_k + (1 − β₁) G_k, S_k ← β₂ S_k + (1 − β₂) G_k², then
  W_k ← W_k − η M̂_k / (√Ŝ_k + ε) with M̂_k = M_k / (1 − β₁ᵗ), Ŝ_k = S_k / (1 − β₂ᵗ). M and S
  start at 0, so early on they are too small by the factor 1 − βᵗ; dividing by it corrects
  that bias.

Weight decay λ (every optimiser's ``weight_decay``) adds the gradient of the L2 term
(λ/2) ‖W̃_k‖² to G_k before the rule: G_k ← G_k + λ (0 | W̃_k), the intercept column
excluded. The term pulls the weights towards 0, which keeps a network from fitting its
training data with large weights; an intercept only shifts a unit's input and makes the
function no steeper, so decaying it would bias the fit without making it smoother.
(``torch.optim``'s ``weight_decay`` decays every parameter it is given; the same update in
PyTorch decays only the ``Linear`` weights, W̃_k, with the biases in a parameter group of
their own with ``weight_decay=0``.)

L1 regularisation λ₁ (every optimiser's ``l1``) adds λ₁ ‖W̃_k‖₁ = λ₁ Σ |w| to E instead,
and its (sub)gradient to G_k: G_k ← G_k + λ₁ (0 | sign(W̃_k)), again without the intercept
column. Its pull towards 0 is the same λ₁ for every weight, however small, so unlike L2 it
drives weights that matter little to exactly 0 (a sparse W̃_k). |w| has no derivative at
w = 0: every slope in [−1, 1] bounds it from below there (a subgradient), and sign(0) = 0
is the one that leaves a weight already at 0 where it is (and is what PyTorch's autograd
gives for ``abs`` at 0). There is no L1 term in ``torch.optim``; tests/test_optim.py checks
it against PyTorch's autograd of E + λ₁ Σ_k ‖W̃_k‖₁.

>>> import lecnn
>>> net = lecnn.Network([2, 4, 3], seed=0)
>>> opt = Adam(eta=0.01)
>>> opt.update(net, net.gradients([[0.5, -1.0]], [2]))
>>> opt.t
1
"""

import inspect
import math

import numpy as np

from lecnn.divergence import DivergenceError
from lecnn.fast_step import flat_arrays
from lecnn.validation import (
    as_real_array,
    check_eta,
    check_positive,
    check_real,
    type_error,
    value_error,
)


def _check_below_one(name, value):
    """A hyperparameter in [0, 1) (β, α, μ, τ)."""
    number = check_real(name, value, 0)
    if number >= 1:
        raise value_error("below_one", name=name, value=value)
    return number


class Optimizer:
    """An update rule with its state per W_k: ``update(net, grads)`` applies one step.

    The state is made on the first update, for the shapes of that network's W_k; an
    optimiser then serves that network (or one of the same sizes) until ``reset``.

    Parameters
    ----------
    eta : float
        Learning rate η > 0.
    weight_decay : float
        λ ≥ 0: G_k ← G_k + λ (0 | W̃_k) before the rule (the intercept column is not decayed).
    l1 : float
        λ₁ ≥ 0: G_k ← G_k + λ₁ (0 | sign(W̃_k)) before the rule (L1; sign(0) = 0).

    Attributes
    ----------
    t : int
        Updates applied since the start (or ``reset``).
    state : dict of str -> list of ndarray
        The rule's running quantities, one array of W_k's shape per k (e.g. Adam's
        ``state["M"][k]``).
    """

    STATE = ()
    """Names of the rule's running quantities."""

    def __init__(self, eta, weight_decay=0.0, l1=0.0):
        self.eta = check_eta(eta)
        self.weight_decay = check_real("weight_decay", weight_decay, 0)
        self.l1 = check_real("l1", l1, 0)
        self.reset()

    @property
    def decay_limit(self):
        """The largest η·λ at which the weight decay alone does not blow up: none (inf) for a
        rule that scales every step to about η (AdaGrad, RMSProp, Adam)."""
        return math.inf

    def reset(self):
        """Forget the state: the next update is a first step again."""
        self.t = 0
        self.state = {}
        self._shapes = None

    def update(self, net, grads):
        """One step of the rule on every W_k of ``net``, in place.

        Parameters
        ----------
        net : lecnn.Network
        grads : list of ndarray
            [∂E/∂W_0, ..., ∂E/∂W_r], each of W_k's shape (e.g. ``net.gradients(x, y)``).

        Raises
        ------
        DivergenceError
            If the step is not finite; the weights are then left as they were.
        """
        weights = net.weights
        shapes = [W.shape for W in weights]
        if self._shapes is None:
            self._start(shapes, weights[0].dtype)
        elif shapes != self._shapes:
            raise value_error("optimizer_shapes", expected=self._shapes, shapes=shapes)
        self._check_grads(grads, shapes)
        with np.errstate(over="ignore", invalid="ignore"):  # a non-finite step raises below
            for G, g, W in zip(self._grad, grads, weights, strict=True):
                G[...] = g
                if self.weight_decay:
                    G[:, 1:] += self.weight_decay * W[:, 1:]  # + λ W̃_k, not the intercept
                if self.l1:
                    G[:, 1:] += self.l1 * np.sign(W[:, 1:])  # + λ₁ sign(W̃_k), sign(0) = 0
            self.t += 1
            self._direction(self._g, self._step)  # the state moves on; _step: what W loses
            finite = math.isfinite(np.dot(self._step, self._step))
        if not finite:
            raise DivergenceError("update", self.eta)
        for W, step in zip(weights, self._steps, strict=True):
            W -= step

    @staticmethod
    def _check_grads(grads, shapes):
        """One real array of W_k's shape per k (not checked for finiteness: a step that is
        not finite raises DivergenceError)."""
        if isinstance(grads, (str, bytes, dict)) or not hasattr(grads, "__len__"):
            raise type_error("optimizer_grads_type", n=len(shapes), kind=type(grads).__name__)
        if len(grads) != len(shapes):
            raise value_error("optimizer_grads_count", n=len(shapes), count=len(grads))
        got = [as_real_array(g, f"grads[{k}]", finite=False).shape for k, g in enumerate(grads)]
        if got != shapes:
            raise value_error("optimizer_grads", expected=shapes, shapes=got)

    def _start(self, shapes, dtype):
        self._shapes = shapes
        self._g, self._grad = flat_arrays(shapes, dtype)  # G_k (+ the penalty's), all k at once
        self._step, self._steps = flat_arrays(shapes, dtype)
        self._flat = {}
        for name in self.STATE:
            self._flat[name], self.state[name] = flat_arrays(shapes, dtype)

    def _direction(self, g, out):
        """The rule on all W_k at once (flat arrays): update the state, write the step to out."""
        raise NotImplementedError

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({params})"

    def hyperparameters(self):
        """The constructor's arguments as a dict (each is kept as the attribute of its name)."""
        return {name: getattr(self, name) for name in inspect.signature(type(self)).parameters}


class SGD(Optimizer):
    """W_k ← W_k − η V_k with momentum: V_k ← μ V_k + (1 − τ) G_k (V_k = G_k at t = 1).

    As ``torch.optim.SGD(lr=η, momentum=μ, dampening=τ, nesterov=..., weight_decay=λ)``.
    With μ = 0 this is the lecture's W_k ← W_k − η G_k. V_k is a running sum of past
    gradients, each weighted μ^age: steps that agree add up, steps that alternate cancel.
    Nesterov steps with G_k + μ V_k, a look at where the momentum is about to go.

    Parameters
    ----------
    eta : float
    momentum : float in [0, 1)
        μ.
    dampening : float in [0, 1)
        τ.
    nesterov : bool
        Needs μ > 0 and τ = 0 (as in PyTorch).
    weight_decay : float ≥ 0
    l1 : float ≥ 0
    """

    STATE = ("V",)

    def __init__(self, eta, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, l1=0.0):
        super().__init__(eta, weight_decay, l1)
        self.momentum = _check_below_one("momentum", momentum)
        self.dampening = _check_below_one("dampening", dampening)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise value_error("nesterov")

    @property
    def decay_limit(self):
        """The largest η·λ at which the weight decay alone, G_k = λ W̃_k, does not blow up:
        W̃_k ← (1 − η·λ) W̃_k needs η·λ ≤ 2; through the momentum, η(1 − τ)λ ≤ 2(1 + μ)
        (2(1 + μ)/(1 + 2μ) for Nesterov), the stability bound of a step on a quadratic."""
        mu = self.momentum
        if mu == 0:  # no V_k: the step is η G_k, whatever the dampening
            return 2.0
        if self.nesterov:
            return 2 * (1 + mu) / (1 + 2 * mu)
        return 2 * (1 + mu) / (1 - self.dampening)

    def _direction(self, g, out):
        if self.momentum == 0:
            np.multiply(g, self.eta, out=out)  # η G_k
            return
        v = self._flat["V"]
        if self.t == 1:
            v[...] = g  # V_k = G_k
        else:
            v *= self.momentum
            v += (1 - self.dampening) * g  # V_k ← μ V_k + (1 − τ) G_k
        if self.nesterov:
            np.multiply(v, self.momentum, out=out)
            out += g  # G_k + μ V_k
            out *= self.eta
        else:
            np.multiply(v, self.eta, out=out)  # η V_k


class AdaGrad(Optimizer):
    """S_k ← S_k + G_k², W_k ← W_k − η G_k / (√S_k + ε), elementwise.

    As ``torch.optim.Adagrad(lr=η, eps=ε, weight_decay=λ)`` (lr_decay 0, accumulators
    starting at 0). Each weight gets its own step η / (√S + ε), small for weights whose
    gradients have been large.

    Parameters
    ----------
    eta : float
    eps : float > 0
        ε, which keeps the quotient finite while S is 0.
    weight_decay : float ≥ 0
    l1 : float ≥ 0
    """

    STATE = ("S",)

    def __init__(self, eta=0.01, eps=1e-10, weight_decay=0.0, l1=0.0):
        super().__init__(eta, weight_decay, l1)
        self.eps = check_positive("eps", eps)

    def _direction(self, g, out):
        s = self._flat["S"]
        s += g * g  # S_k ← S_k + G_k²
        np.sqrt(s, out=out)
        out += self.eps
        np.divide(g, out, out=out)  # G_k / (√S_k + ε)
        out *= self.eta


class RMSProp(Optimizer):
    """S_k ← α S_k + (1 − α) G_k², W_k ← W_k − η G_k / (√S_k + ε), elementwise.

    As ``torch.optim.RMSprop(lr=η, alpha=α, eps=ε, weight_decay=λ)`` (no momentum, not
    centred). AdaGrad's sum becomes a running mean, which forgets old gradients, so the
    step does not shrink for good.

    Parameters
    ----------
    eta : float
    alpha : float in [0, 1)
        α.
    eps : float > 0
    weight_decay : float ≥ 0
    l1 : float ≥ 0
    """

    STATE = ("S",)

    def __init__(self, eta=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, l1=0.0):
        super().__init__(eta, weight_decay, l1)
        self.alpha = _check_below_one("alpha", alpha)
        self.eps = check_positive("eps", eps)

    def _direction(self, g, out):
        s = self._flat["S"]
        s *= self.alpha
        s += (1 - self.alpha) * (g * g)  # S_k ← α S_k + (1 − α) G_k²
        np.sqrt(s, out=out)
        out += self.eps
        np.divide(g, out, out=out)  # G_k / (√S_k + ε)
        out *= self.eta


class Adam(Optimizer):
    """Adam: running means of G_k and G_k², bias-corrected, give a step per weight.

    M_k ← β₁ M_k + (1 − β₁) G_k, S_k ← β₂ S_k + (1 − β₂) G_k², then
    W_k ← W_k − η M̂_k / (√Ŝ_k + ε) with M̂_k = M_k / (1 − β₁ᵗ) and Ŝ_k = S_k / (1 − β₂ᵗ).
    As ``torch.optim.Adam(lr=η, betas=(β₁, β₂), eps=ε, weight_decay=λ)``. M and S start
    at 0, so after t steps they hold only the fraction 1 − βᵗ of the weights a running
    mean should have; dividing by it removes that bias from the first steps.

    Parameters
    ----------
    eta : float
    beta1, beta2 : float in [0, 1)
    eps : float > 0
    weight_decay : float ≥ 0
    l1 : float ≥ 0
    """

    STATE = ("M", "S")

    def __init__(self, eta=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, l1=0.0):
        super().__init__(eta, weight_decay, l1)
        self.beta1 = _check_below_one("beta1", beta1)
        self.beta2 = _check_below_one("beta2", beta2)
        self.eps = check_positive("eps", eps)

    def _direction(self, g, out):
        m, s = self._flat["M"], self._flat["S"]
        m *= self.beta1
        m += (1 - self.beta1) * g  # M_k ← β₁ M_k + (1 − β₁) G_k
        s *= self.beta2
        s += (1 - self.beta2) * (g * g)  # S_k ← β₂ S_k + (1 − β₂) G_k²
        correction1 = 1 - self.beta1**self.t  # 1 − β₁ᵗ
        correction2 = 1 - self.beta2**self.t  # 1 − β₂ᵗ
        np.sqrt(s, out=out)
        out /= math.sqrt(correction2)  # √Ŝ_k
        out += self.eps
        np.divide(m, out, out=out)  # M_k / (√Ŝ_k + ε)
        out *= self.eta / correction1  # η M̂_k / (√Ŝ_k + ε)


OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam}
"""Name -> optimiser class."""
