"""Answers that hand the work to lecnn: refused before any case is run.

The notebooks use lecnn's functions and classes; an exercise asks the student to write one
of them. So the runner refuses an answer that *is* lecnn's, a class that inherits the method
it should define, and an answer whose code uses the lecnn object that computes it (the
exercise's ``lecnn_answers``, and in every exercise lecnn's central differences, which pass
the tolerances for any derivative). "Uses" is read from the code: a global (or a closure's or
a default's value) that is that object, whatever name it was imported as; or an attribute or
a string of its name (``lecnn.regions.sawtooth_network``, ``getattr(lecnn, "n_params")``)
in code that reaches lecnn at all. A student's own function of the same name is not lecnn's.
"""

import dis
import sys
import types

from lecnn.checks.calling import Mismatch

NUMERICAL = ("numerical_gradient", "numerical_gradients")
"""lecnn's central differences: refused in every exercise (a difference quotient written by
hand still passes: the tolerances must accept a formula's rounding)."""

_OWN = "lecnn.checks."
"""The checks' own module: its references and declared mistakes are not students' answers."""


def check_own(answer, exercise):
    """Raise Mismatch (code "lecnn_answer") if ``answer`` is lecnn's own function or class, or
    its code uses one of the lecnn objects that compute ``exercise``'s answer."""
    module = getattr(answer, "__module__", None) or ""
    if module.startswith(_OWN):
        return
    if module.startswith("lecnn."):
        name = getattr(answer, "__qualname__", type(answer).__name__)
        raise Mismatch(
            f"渡されたのは lecnn の {name} です。lecnn のものをそのまま渡さずに、"
            "自分で書いた関数 (またはクラス) を渡してください。",
            "lecnn_answer",
        )
    used = _used(answer, exercise.lecnn_answers + NUMERICAL)
    if used in NUMERICAL:
        raise Mismatch(
            f"lecnn の {used} (中心差分による数値微分) が使われています。数値微分は答えを"
            "確かめるための近似で、答えにはなりません。導いた式で計算してください。",
            "lecnn_answer",
        )
    if used:
        raise Mismatch(
            f"lecnn の {used} が使われています。{used} はこの演習の答え ({exercise.subject}) を"
            "計算してしまうので、使わずに自分で書いてください。",
            "lecnn_answer",
        )


def _used(answer, names):
    """The first of ``names`` (lecnn objects) that the code of ``answer`` uses, or None."""
    members = [answer] if not isinstance(answer, type) else list(vars(answer).values())
    members = [getattr(f, "__func__", f) for f in members]  # a staticmethod's function
    functions = [f for f in members if isinstance(f, types.FunctionType)]
    values, imports, words = list(members), set(), set()
    for function in functions:
        globals_, imported, attributes = _lookups(function.__code__)
        values += [function.__globals__.get(g, None) for g in globals_]
        values += [cell.cell_contents for cell in function.__closure__ or () if _filled(cell)]
        values += list(function.__defaults__ or ()) + list((function.__kwdefaults__ or {}).values())
        imports |= imported
        words |= attributes
    reaches = any(_of_lecnn(v) for v in values) or any(m.split(".")[0] == "lecnn" for m in imports)
    ids = {id(v) for v in values}
    return next(
        (n for n in names if ids & _targets(n) or (reaches and n in words)),
        None,
    )


def _lookups(code):
    """(global names, imported modules, attribute names and strings) of ``code`` and of the
    functions and lambdas defined in it."""
    globals_, imported, words = set(), set(), set()
    for ins in dis.get_instructions(code):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            globals_.add(ins.argval)
        elif ins.opname == "IMPORT_NAME":
            imported.add(ins.argval)
        elif ins.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM"):
            words.add(ins.argval)
        elif isinstance(ins.argval, str) and ins.opname.startswith("LOAD_CONST"):
            words.add(ins.argval)  # getattr(lecnn, "n_params")
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            inner = _lookups(const)
            globals_, imported, words = globals_ | inner[0], imported | inner[1], words | inner[2]
    return globals_, imported, words


def _filled(cell):
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


def _of_lecnn(value):
    """Whether ``value`` is a lecnn module or comes from one (a function, a class, an object)."""
    try:
        if isinstance(value, types.ModuleType):
            return value.__name__.split(".")[0] == "lecnn"
        module = getattr(value, "__module__", None) or type(value).__module__
        return module.split(".")[0] == "lecnn" and not module.startswith(_OWN)
    except Exception:  # noqa: BLE001 - an odd object (a __getattr__ that raises): not lecnn's
        return False


def _targets(name):
    """The ids of the objects lecnn's modules (the checks aside) bind to ``name``."""
    return {
        id(getattr(module, name))
        for module_name, module in list(sys.modules.items())
        if module_name.split(".")[0] == "lecnn"
        and not module_name.startswith(_OWN)
        and hasattr(module, name)
    }


def check_class(answer, method):
    """Raise Mismatch unless ``answer`` is a class that defines ``method`` itself (it does not
    inherit it from a class of ``lecnn.layers``, the classes the exercises start from, nor
    hand the work to one: its code calls no attribute of that name, as ``super().backward``)."""
    if not isinstance(answer, type):
        raise Mismatch(
            f"クラスを渡してください (受け取ったのは {type(answer).__name__} です)。", "not_class"
        )
    owner = next((k for k in answer.__mro__ if method in vars(k)), None)
    if owner is None or (owner.__module__ + ".").startswith("lecnn.layers."):
        where = "" if owner is None else f" (今は lecnn の {owner.__name__} のものが使われます)"
        raise Mismatch(
            f"{answer.__name__} は {method} を自分で定義していません{where}。クラスの中に "
            f"def {method}(self, ...) を書いてください (名前の綴りも確かめましょう)。",
            "inherited",
        )
    code = getattr(vars(owner)[method], "__code__", None)
    if code is not None and method in code.co_names:
        raise Mismatch(
            f"{answer.__name__}.{method} の中で {method} を呼んでいます (super().{method}(...) "
            f"など)。lecnn の {method} に任せずに、式を自分で書いてください。",
            "calls_parent",
        )
