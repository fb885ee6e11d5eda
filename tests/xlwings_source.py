"""What desktop xlwings really implements, read from the installed xlwings' own source (there is no Excel here).

xlwings' public classes (``main.py``: ``Sheet``, ``Range``, ``Chart``…)
hand every call to an implementation object: ``_xlwindows.py`` on Windows
(COM), ``_xlmac.py`` on a Mac (AppleScript). Both subclass
``base_classes.py``, whose methods raise ``NotImplementedError``; a member
that neither platform overrides exists only for other clients (xlwings
Lite, Office.js) and fails in desktop Excel. ``_xlwindows`` and ``_xlmac``
cannot be imported on Linux (pywin32, appscript), so they are read as
source with :mod:`ast`.

:func:`unimplemented` answers, for a public member as the ribbon code uses
it (``("Sheet", "freeze_panes", "get")``), which platforms leave it to the
base class.
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PLATFORMS = ("_xlwindows", "_xlmac")
THROUGH_CONVERSION = {("Range", "value"): {"raw_value"}}
"""Members whose work is done by xlwings' ``conversion`` package on the implementation's ``raw_value``."""


def _installed_xlwings() -> Path:
    spec = importlib.util.find_spec("xlwings")
    assert spec is not None and spec.origin, "xlwings is not installed"
    return Path(spec.origin).parent


_XLWINGS_DIR = _installed_xlwings()
"""Found when this module is imported, before any test puts the stand-in in ``sys.modules['xlwings']``."""


def xlwings_dir() -> Path:
    return _XLWINGS_DIR


@lru_cache(maxsize=None)
def _module(name: str) -> ast.Module:
    return ast.parse((xlwings_dir() / f"{name}.py").read_text(encoding="utf-8"))


def _classes(name: str) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in _module(name).body if isinstance(node, ast.ClassDef)}


@dataclass
class Member:
    """One member of a public xlwings class: its kind and the ``self.impl`` members each of its parts touches."""

    kind: str  # "method" or "property"
    get: ast.FunctionDef | None = None
    set: ast.FunctionDef | None = None
    args: list[ast.arg] = field(default_factory=list)


def _decorators(fn: ast.FunctionDef) -> list[str]:
    return [ast.unparse(d) for d in fn.decorator_list]


def _own_members(cls: ast.ClassDef) -> dict[str, Member]:
    members: dict[str, Member] = {}
    for node in cls.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        decorators = _decorators(node)
        if "property" in decorators:
            members.setdefault(node.name, Member("property")).get = node
        elif f"{node.name}.setter" in decorators:
            members.setdefault(node.name, Member("property")).set = node
        else:
            members[node.name] = Member("method", get=node, args=list(node.args.args[1:]) + list(node.args.kwonlyargs))
    return members


def _base_names(cls: ast.ClassDef) -> list[str]:
    names = []
    for base in cls.bases:
        if isinstance(base, ast.Subscript):  # Collection[Sheet]
            base = base.value
        names.append(ast.unparse(base))
    return names


@lru_cache(maxsize=None)
def api_members(class_name: str) -> dict[str, Member]:
    """The public class's members (``main.py``), its own and those of its bases in ``main.py``."""
    classes = _classes("main")
    cls = classes[class_name]
    members: dict[str, Member] = {}
    for base in reversed(_base_names(cls)):
        if base in classes:
            members.update(api_members(base))
    members.update(_own_members(cls))
    return members


def impl_uses(class_name: str, member: str, op: str) -> set[str]:
    """The implementation members that ``main.<class_name>.<member>`` touches when read/called (op get/call) or set.

    ``self.impl.X`` gives X; ``self.impl(...)`` gives ``__call__``;
    iterating or measuring ``self.impl`` gives ``__iter__``/``__len__``; a
    call to another member of the same class (``self.row``) adds what that
    member touches.
    """
    members = api_members(class_name)
    if member not in members:
        raise KeyError(f"xlwings.{class_name} has no member {member!r}")
    seen: set[tuple[str, str]] = set()
    found: set[str] = set(THROUGH_CONVERSION.get((class_name, member), ()))

    def visit(name: str, part: str) -> None:
        if (name, part) in seen or name not in members:
            return
        seen.add((name, part))
        m = members[name]
        fn = m.set if part == "set" else m.get
        if fn is None:
            raise KeyError(f"xlwings.{class_name}.{name} cannot be {'set' if part == 'set' else 'read'}")
        for node in ast.walk(fn):
            if isinstance(node, ast.Attribute) and _is_self_impl(node.value):
                if not (node.attr.startswith("__") and node.attr.endswith("__")):  # __class__ in an error message
                    found.add(node.attr)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "self":
                visit("__call__", "get")
            elif isinstance(node, ast.Call) and _is_self_impl(node.func):
                found.add("__call__")
            elif isinstance(node, (ast.For, ast.comprehension)) and _is_self_impl(node.iter):
                found.add("__iter__")
            elif isinstance(node, ast.Call) and ast.unparse(node.func) == "len" and node.args and _is_self_impl(node.args[0]):
                found.add("__len__")
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr in members
                and node.attr != name
            ):
                visit(node.attr, "get")

    visit(member, op)
    return found


def _is_self_impl(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "impl"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _defined_in(module: str, class_name: str, attr: str) -> bool:
    """Whether the platform module's class (or one of its bases in the same module) defines ``attr``."""
    classes = _classes(module)
    cls = classes.get(class_name)
    if cls is None:
        return False
    if attr in {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}:
        return True
    for node in cls.body:  # plain class attributes, and attributes set in __init__
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in node.targets):
            return True
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            for sub in ast.walk(node):
                if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) and sub.attr == attr:
                    if isinstance(sub.value, ast.Name) and sub.value.id == "self":
                        return True
    return any(_defined_in(module, base, attr) for base in _base_names(cls) if not base.startswith("base_classes."))


def unimplemented(class_name: str, member: str, op: str = "get") -> list[str]:
    """``["_xlmac: Sheet.freeze_panes"]``…: every desktop platform that leaves a member's implementation to the base class."""
    missing = []
    for attr in sorted(impl_uses(class_name, member, op)):
        for module in PLATFORMS:
            if not _defined_in(module, class_name, attr):
                missing.append(f"{module}: {class_name}.{attr}")
    return missing
