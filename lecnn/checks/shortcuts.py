"""Answers that hand the work to lecnn: refused before any case is run.

The notebooks use lecnn's functions and classes; an exercise asks the student to write one
of them. So the runner refuses an answer that *is* lecnn's, a class that inherits the method
it should define, and an answer whose code uses the lecnn object that computes it (the
exercise's ``lecnn_answers``, and in every exercise lecnn's central differences, which pass
the tolerances for most derivatives). "Uses" is read from the code, without running it, in
the answer and in the student's own functions it calls (those of the same notebook): an
object it loads (a global, a closure's or a default's value, an import, an attribute of
these, as ``lecnn.regions.sawtooth_network``) that *is* that object, whatever its name; or,
in code that reaches lecnn at all, the object's name as an attribute of something it cannot
know (``lecnn.Network(sizes).n_params``) or as a string (``getattr(lecnn, "n_params")``).
A student's own function of the same name, or another library's, is not lecnn's.
"""

import dis
import functools
import sys
import types

from lecnn.checks.calling import Mismatch

NUMERICAL = ("numerical_gradient", "numerical_gradients")
"""lecnn's central differences: refused in every exercise (a difference quotient written by
hand is left to the tolerances and the declared mistakes "numerical" of 01-1, 03-1, 03-2 and
04-2)."""

_OWN = "lecnn.checks."
"""The checks' own module: its references and declared mistakes are not students' answers."""


def check_own(answer, exercise):
    """Raise Mismatch (code "lecnn_answer") if ``answer`` is lecnn's own function or class, or
    its code uses one of the lecnn objects that compute ``exercise``'s answer."""
    module = _module(answer)
    if module.startswith(_OWN):
        return
    if module.split(".")[0] == "lecnn":
        name = getattr(answer, "__qualname__", type(answer).__name__)
        raise Mismatch(
            f"渡されたのは lecnn の {name} です。lecnn のものをそのまま渡さずに、"
            "自分で書いた関数 (またはクラス) を渡してください。",
            "lecnn_answer",
        )
    try:
        used = _used(answer, exercise.lecnn_answers + NUMERICAL)
    except Exception:  # noqa: BLE001 - code that cannot be read is checked by its values
        used = None
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


def _module(value):
    """The module ``value`` comes from ("" when it says none, or reading it fails)."""
    try:
        module = getattr(value, "__module__", None) or type(value).__module__
    except Exception:  # noqa: BLE001 - an object whose attributes raise
        return ""
    return module if isinstance(module, str) else ""


def _of_lecnn(value):
    """Whether ``value`` is a lecnn module, or a function, class or object of one (not the checks')."""
    name = value.__name__ if isinstance(value, types.ModuleType) else _module(value)
    return name.split(".")[0] == "lecnn" and not name.startswith(_OWN)


def _used(answer, names):
    """The first of ``names`` (lecnn objects) that the code of ``answer`` uses, or None; the
    code of the student's own functions it calls (those of the same notebook) is read too."""
    members = [answer] if not isinstance(answer, type) else list(vars(answer).values())
    members = _unwrapped(
        m.__func__ if isinstance(m, (staticmethod, classmethod)) else m for m in members
    )
    todo = [m for m in members if isinstance(m, types.FunctionType)]
    notebook = todo[0].__globals__ if todo else None
    values, words, seen = list(members), set(), set()
    while todo and len(seen) < 100:
        function = todo.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        found, unresolved = _resolve(function)
        found = _unwrapped(found)
        values += found
        words |= unresolved
        todo += [
            v for v in found if isinstance(v, types.FunctionType) and v.__globals__ is notebook
        ]
    reaches = any(_of_lecnn(v) for v in values)
    ids = {id(v) for v in values}
    return next((n for n in names if ids & _targets(n) or (reaches and n in words)), None)


def _unwrapped(values):
    """``values``, and for each partial among them (``functools.partial(lecnn.X, ...)``) the
    function and the arguments it wraps."""
    out, todo = [], list(values)
    while todo and len(out) < 1000:
        value = todo.pop(0)
        out.append(value)
        if isinstance(value, functools.partial):
            todo += [value.func, *value.args, *value.keywords.values()]
    return out


_KEEP = {"PUSH_NULL", "NOP", "CACHE", "EXTENDED_ARG", "SWAP", "ROT_TWO", "POP_TOP", "COPY"}
"""Instructions that leave the object last loaded where it was (an import's `as`, a call's NULL)."""

_UNKNOWN = object()


def _resolve(function):
    """(the objects ``function``'s code loads, as far as they can be known without running it,
    the names of the attributes and the strings it loads from objects that cannot): globals,
    closures and defaults, modules it imports, and attribute chains on these
    (``lecnn.regions.sawtooth_network``), in its code and the code defined within it."""
    cells = dict(zip(function.__code__.co_freevars, function.__closure__ or (), strict=True))
    found = list(function.__defaults__ or ()) + list((function.__kwdefaults__ or {}).values())
    found += [cell.cell_contents for cell in cells.values() if _filled(cell)]
    words, stack = set(), [function.__code__]
    while stack:
        code = stack.pop()
        stack += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        last, imported, local = _UNKNOWN, None, {}
        for ins in dis.get_instructions(code):
            op, name = ins.opname, ins.argval
            if op in ("LOAD_GLOBAL", "LOAD_NAME"):
                last = function.__globals__.get(name, _UNKNOWN)
            elif op == "LOAD_DEREF":
                cell = cells.get(name)
                last = cell.cell_contents if cell is not None and _filled(cell) else _UNKNOWN
            elif op.startswith("LOAD_FAST"):
                last = local.get(name[-1] if isinstance(name, tuple) else name, _UNKNOWN)
            elif op == "IMPORT_NAME":
                imported = last = sys.modules.get(name, _UNKNOWN)
            elif op in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM"):
                base = imported if op == "IMPORT_FROM" else last
                last = _attribute(base, name, op == "IMPORT_FROM")
                if last is _UNKNOWN:
                    words.add(name)
            elif op.startswith("STORE_FAST") and last is not _UNKNOWN:
                local[name[0] if isinstance(name, tuple) else name] = last
            elif op in _KEEP:
                continue
            else:
                if isinstance(name, str) and op.startswith("LOAD_CONST"):
                    words.add(name)  # getattr(lecnn, "n_params")
                last = _UNKNOWN
            if last is not _UNKNOWN:
                found.append(last)
    return found, words


def _attribute(base, name, imported):
    """``base.name``, or the module ``base.name`` (``import a.b as c``), or _UNKNOWN."""
    if base is _UNKNOWN:
        return _UNKNOWN
    try:
        return getattr(base, name)
    except Exception:  # noqa: BLE001 - not there, or an attribute that raises
        if imported and isinstance(base, types.ModuleType) and base.__name__.endswith("." + name):
            return base
        return _UNKNOWN


def _filled(cell):
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


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
