"""The layering of DESIGN.md section 1 holds: no import crosses a layer the wrong way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "events": {"services", "docgen", "flask", "flask_smorest", "marshmallow", "psycopg"},
    "docgen": {"events", "services", "flask"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, layer
    for path in files:
        crossing = imported_modules(path) & FORBIDDEN[layer]
        assert not crossing, f"{path.relative_to(ROOT)} imports {sorted(crossing)}"


def test_only_the_web_layer_imports_flask_and_marshmallow() -> None:
    for path in sorted((ROOT / "services").rglob("*.py")):
        if "web" in path.relative_to(ROOT).parts:
            continue
        crossing = imported_modules(path) & {"flask", "flask_smorest", "marshmallow"}
        assert not crossing, f"{path.relative_to(ROOT)} imports {sorted(crossing)}"
