"""Reading a source tree's imports and attribute uses, to check the layering rules.

Each check takes a root folder and returns the violations it finds as readable lines, so
the layer tests can run them on the real tree and on small bad trees made for the purpose.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = ("events", "services", "docgen")
DEFER = re.compile(r"#.*\bdefer", re.IGNORECASE)


@dataclass(frozen=True)
class Import:
    """One import statement's target as a module name, and the names it takes."""

    module: str
    names: tuple[str, ...]
    line: int
    in_function: bool
    type_only: bool


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: list[str]

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def modules(root: Path, packages: tuple[str, ...] = PROJECT) -> dict[str, Module]:
    """Every module of ``packages`` under ``root``, by dotted name."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            text = path.read_text(encoding="utf-8")
            found[".".join(parts)] = Module(".".join(parts), path, ast.parse(text),
                                            text.splitlines())
    return found


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(module: Module) -> Iterator[Import]:
    """The module's imports, with relative ones resolved."""
    type_only = _type_checking_blocks(module.tree)
    in_function: set[int] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in ast.walk(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    in_function.add(child.lineno)
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno, node.lineno in in_function,
                             node.lineno in type_only)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.name.split(".")
                if not module.is_package:
                    base = base[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join([*base, *([target] if target else [])])
            yield Import(target, tuple(a.name for a in node.names), node.lineno,
                         node.lineno in in_function, node.lineno in type_only)


def graph(found: dict[str, Module]) -> dict[str, set[str]]:
    """Module → project modules it imports at load time (type-only imports aside).

    ``from package import module`` counts as an import of that module.
    """
    edges: dict[str, set[str]] = {name: set() for name in found}
    for name, module in found.items():
        for imp in imports(module):
            if imp.type_only or imp.in_function:
                continue
            targets = [f"{imp.module}.{n}" for n in imp.names if f"{imp.module}.{n}" in found]
            if not targets and imp.module in found:
                targets = [imp.module]
            edges[name].update(t for t in targets if t != name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def deferred_imports(found: dict[str, Module]) -> list[str]:
    """Imports inside functions: allowed only for an outside dependency worth deferring,
    with a comment saying so (on the line or the one above)."""
    wrong = []
    for module in found.values():
        for imp in imports(module):
            if not imp.in_function or imp.type_only:
                continue
            where = f"{module.path}:{imp.line} imports {imp.module}"
            if imp.module.split(".")[0] in PROJECT:
                wrong.append(f"{where} inside a function (a cycle to fix, not to hide)")
                continue
            said = " ".join(module.lines[max(0, imp.line - 2):imp.line])
            if not DEFER.search(said):
                wrong.append(f"{where} inside a function without a comment saying why it "
                             "is deferred")
    return wrong


def private_uses(found: dict[str, Module]) -> list[str]:
    """``obj._member`` where ``obj`` is not ``self`` or ``cls``: someone's private member."""
    wrong = []
    for module in found.values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__"):
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                    continue
                wrong.append(f"{module.path}:{node.lineno} uses {ast.unparse(node)}")
    return wrong


def aggregate_classes(found: dict[str, Module]) -> set[tuple[str, str]]:
    """(module, class) of every class in ``events`` that derives from ``Aggregate``."""
    classes = set()
    for name, module in found.items():
        if not name.startswith("events"):
            continue
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(base).endswith("Aggregate") for base in node.bases):
                classes.add((name, node.name))
    return classes


def forbidden_imports(found: dict[str, Module], who: str, forbidden: tuple[str, ...],
                      *, allowed: tuple[str, ...] = (), aggregates: bool = False) -> list[str]:
    """Imports by modules under ``who`` of modules under any of ``forbidden`` (but not of
    ``allowed``); with ``aggregates``, also of any aggregate class."""
    classes = aggregate_classes(found) if aggregates else set()
    wrong = []
    for name, module in found.items():
        if not (name == who or name.startswith(f"{who}.")):
            continue
        for imp in imports(module):
            if imp.type_only:
                continue
            target = imp.module
            hit = any(target == f or target.startswith(f"{f}.") for f in forbidden) and \
                not any(target == a or target.startswith(f"{a}.") for a in allowed)
            if hit:
                wrong.append(f"{module.path}:{imp.line} imports {target}")
            for taken in imp.names:
                if (target, taken) in classes:
                    wrong.append(f"{module.path}:{imp.line} imports the aggregate {taken} "
                                 f"from {target}")
    return wrong


def long_modules(found: dict[str, Module], prefix: str, limit: int) -> list[str]:
    return [f"{m.path}: {len(m.lines)} lines" for name, m in found.items()
            if name.startswith(prefix) and len(m.lines) > limit]


def stray_test_imports(root: Path) -> list[str]:
    """Test modules that import other test modules or conftest (helpers: tests.support)."""
    wrong = []
    for path in sorted((root / "tests").rglob("*.py")):
        if "support" in path.relative_to(root).parts:
            continue
        module = Module(path.stem, path, ast.parse(path.read_text(encoding="utf-8")), [])
        for imp in imports(module):
            if imp.module.startswith("tests") and not imp.module.startswith("tests.support"):
                wrong.append(f"{path}:{imp.line} imports {imp.module}")
    return wrong
