"""Self-checks for the notebooks' exercises (演習).

Each ``check_*`` function takes what the student wrote (a function or a value),
compares it with the package's reference on fresh random inputs of several
shapes (one sample, one class, huge logits, ...), and returns a ``CheckResult``
whose text, shown as the cell's output, says in Japanese that the answer is
right, or what differs and where (expected against got, with a hint back to
the formula), without printing the answer itself. An unfilled blank
(``...`` or ``raise NotImplementedError``) gets 「まだ実装されていません」.

Modules: ``machinery`` (calling, comparing, reporting; the tolerances), ``factory``
(random networks and targets), and one module per notebook:

==========================  ==================================================
module                      notebook
==========================  ==================================================
``review``                  01 前回の復習
``deep_networks``           02 ディープニューラルネットワーク
``softmax_derivative``      03 ソフトマックス関数の微分
``gradient_W_r``            04 W_r に関する微分
``gradient_W_r_minus_1``    05 W_{r-1} に関する微分
``backpropagation``         06 誤差逆伝播法
``training``                07 学習
``playground``              08 playground
==========================  ==================================================

>>> import lecnn
>>> lecnn.checks.check_n_params(lecnn.n_params).code
'pass'
"""

from lecnn.checks.backpropagation import check_backward, check_delta_step, check_sgd_update
from lecnn.checks.deep_networks import check_forward, check_n_params, check_tent_weights
from lecnn.checks.gradient_W_r import check_grad_W_r, check_grad_W_r_batch
from lecnn.checks.gradient_W_r_minus_1 import check_grad_W_r_minus_1, check_grad_w_r_minus_1_k
from lecnn.checks.machinery import (
    ATOL,
    BLANK,
    PASS,
    RTOL,
    Blank,
    CheckResult,
    Mismatch,
    as_list,
    call,
    call_with_hint,
    compare,
    compare_diagnosed,
    is_blank,
    run_check,
)
from lecnn.checks.playground import check_gradient_norms, check_vanishing_ratio
from lecnn.checks.review import check_cross_entropy_from_logits, check_tanh_derivative
from lecnn.checks.softmax_derivative import check_dE_dw_rk, check_softmax_jacobian
from lecnn.checks.training import check_batch_update, check_train_epoch

__all__ = [
    "ATOL",
    "BLANK",
    "PASS",
    "RTOL",
    "Blank",
    "CheckResult",
    "Mismatch",
    "as_list",
    "call",
    "call_with_hint",
    "check_backward",
    "check_batch_update",
    "check_cross_entropy_from_logits",
    "check_dE_dw_rk",
    "check_delta_step",
    "check_forward",
    "check_grad_W_r",
    "check_grad_W_r_batch",
    "check_grad_W_r_minus_1",
    "check_grad_w_r_minus_1_k",
    "check_gradient_norms",
    "check_n_params",
    "check_sgd_update",
    "check_softmax_jacobian",
    "check_tanh_derivative",
    "check_tent_weights",
    "check_train_epoch",
    "check_vanishing_ratio",
    "compare",
    "compare_diagnosed",
    "is_blank",
    "run_check",
]
