"""Self-checks for the notebooks' exercises (演習).

Each ``check_*`` function takes what the student wrote (a function or a value),
compares it with the package's reference on fresh random inputs of several
shapes (one sample, one class, huge logits, ...), and returns a ``CheckResult``
whose text, shown as the cell's output, says in Japanese that the answer is
right, or what differs and where (expected against got, with a hint back to
the formula), without printing the answer itself. An unfilled blank
(``...`` or ``raise NotImplementedError``) gets 「まだ実装されていません」.

Modules: ``calling`` (the student's code under a time limit), ``machinery`` (comparing,
diagnosing, reporting; the tolerances), ``factory`` (random networks and targets),
``progress`` (which exercises are done), and one module per notebook:

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
``layers``                  09 計算グラフと層, 10 PyTorch へ
==========================  ==================================================

>>> import lecnn
>>> lecnn.checks.check_n_params_count(lecnn.n_params).code
'pass'
"""

import importlib

from lecnn.checks.calling import Blank, Mismatch, call, call_with_hint, is_blank
from lecnn.checks.machinery import (
    ATOL,
    BLANK,
    PASS,
    RTOL,
    CheckResult,
    as_list,
    compare,
    compare_diagnosed,
    run_check,
)
from lecnn.checks.progress import progress_table

TOPICS = (
    "review",
    "deep_networks",
    "softmax_derivative",
    "gradient_W_r",
    "gradient_W_r_minus_1",
    "backpropagation",
    "training",
    "playground",
    "layers",
)
"""The modules of the notebooks' checks, in the notebooks' order; each ``check_*`` they
define is available here as ``lecnn.checks.check_*``."""

CHECKS = {}
for _topic in TOPICS:
    _module = importlib.import_module(f"lecnn.checks.{_topic}")
    for _name in [n for n in vars(_module) if n.startswith("check_")]:
        if _name in CHECKS:  # one name, one exercise: two checks of that name would shadow
            raise ImportError(f"lecnn.checks.{_topic}.{_name} is defined in two check modules")
        CHECKS[_name] = getattr(_module, _name)
globals().update(CHECKS)

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
    "compare",
    "compare_diagnosed",
    "is_blank",
    "progress_table",
    "run_check",
    *CHECKS,
]
