"""The layering of DESIGN.md section 1 and of the architecture map in the README holds.

Each rule runs on the real tree, and on a small bad tree written for the purpose, to show
that the check finds what it is there to find.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.layers import (
    cycles,
    deferred_imports,
    forbidden_imports,
    graph,
    long_modules,
    modules,
    private_uses,
    stray_test_imports,
)

ROOT = Path(__file__).resolve().parents[2]
WEB_FRAMEWORKS = ("flask", "flask_smorest", "flask_login", "flask_wtf", "marshmallow",
                  "webargs", "werkzeug")
# What the web tier and the CLI may not reach into: the store, the projections' and the
# audit chain's machinery, the library (DESIGN: entry points call use cases and readers).
STORE_INTERNALS = ("eventsourcing", "services.app", "services.projections.log",
                   "services.projections.viewstore", "services.projections.standings",
                   "services.projections.awards", "services.projections.subscription",
                   "services.sqlite_writers")
WEB_ALSO = ("services.projections", "services.audit.chain", "services.audit.index",
            "services.audit.verify", "services.audit.transfer", "services.audit.seal",
            "services.demo", "services.cli", "docgen")
PROJECTIONS_MAY_NOT = ("services.usecases", "services.queries", "services.thidua",
                       "services.web", "services.cli", "services.audit.commands",
                       "services.audit.service", "services.demo")


@pytest.fixture(scope="module")
def tree() -> dict[str, object]:
    return modules(ROOT)


def write(root: Path, files: dict[str, str]) -> dict[str, object]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in ("events", "services", "docgen"):
        (root / package).mkdir(exist_ok=True)
    return modules(root)


# --- the real tree ----------------------------------------------------------------------

@pytest.mark.parametrize("layer, forbidden", [
    ("events", ("services", "docgen", *WEB_FRAMEWORKS, "psycopg")),
    ("docgen", ("events", "services", *WEB_FRAMEWORKS)),
])
def test_domain_and_documents_import_nothing_above_them(tree, layer, forbidden) -> None:
    assert forbidden_imports(tree, layer, forbidden) == []


def test_only_the_web_layer_imports_the_web_frameworks(tree) -> None:
    for package in ("services.usecases", "services.queries", "services.projections",
                    "services.audit", "services.app", "services.commands", "services.cli"):
        assert forbidden_imports(tree, package, WEB_FRAMEWORKS) == []


def test_web_imports_use_cases_readers_and_labels_only(tree) -> None:
    assert forbidden_imports(tree, "services.web", (*STORE_INTERNALS, *WEB_ALSO),
                             aggregates=True) == []


def test_the_cli_never_reaches_into_the_store_or_an_aggregate(tree) -> None:
    for entry in ("services.cli", "services.audit.commands"):
        assert forbidden_imports(tree, entry, STORE_INTERNALS, aggregates=True) == []


def test_projections_import_neither_use_cases_nor_audit_commands(tree) -> None:
    assert forbidden_imports(tree, "services.projections", PROJECTIONS_MAY_NOT) == []


def test_use_cases_and_readers_never_import_an_entry_point(tree) -> None:
    for package in ("services.usecases", "services.queries"):
        assert forbidden_imports(tree, package, ("services.web", "services.cli",
                                                 "services.thidua")) == []


def test_there_is_no_import_cycle(tree) -> None:
    assert cycles(graph(tree)) == []


def test_nobody_uses_another_objects_private_member(tree) -> None:
    services = {name: m for name, m in tree.items() if name.startswith("services")}
    assert private_uses(services) == []


def test_an_import_inside_a_function_only_defers_an_outside_dependency_and_says_so(
        tree) -> None:
    assert deferred_imports(tree) == []


def test_no_service_module_is_a_god_module(tree) -> None:
    assert long_modules(tree, "services", 500) == []


def test_tests_share_helpers_through_tests_support_only() -> None:
    assert stray_test_imports(ROOT) == []


# --- the checks find what they are for ------------------------------------------------------

def test_a_cycle_is_found(tmp_path: Path) -> None:
    bad = write(tmp_path, {
        "services/a.py": "from services.b import x\n",
        "services/b.py": "from services import c\nx = 1\n",
        "services/c.py": "import services.a\n",
        "services/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                         "    from services.a import x\n",
    })
    assert cycles(graph(bad)) == [["services.a", "services.b", "services.c"]]


def test_a_web_module_importing_an_aggregate_or_the_store_is_found(tmp_path: Path) -> None:
    bad = write(tmp_path, {
        "events/council.py": "from eventsourcing.domain import Aggregate\n"
                             "class Ballot(Aggregate):\n    pass\nCHOICES = {}\n",
        "services/web/page.py": "from events.council import CHOICES, Ballot\n"
                                "from services.app import ThiduaApplication\n",
    })
    found = forbidden_imports(bad, "services.web", STORE_INTERNALS, aggregates=True)
    assert len(found) == 2
    assert "the aggregate Ballot" in found[0] and "services.app" in found[1]


def test_a_projection_importing_a_use_case_is_found(tmp_path: Path) -> None:
    bad = write(tmp_path, {"services/projections/view.py":
                           "from services.usecases.council import Council\n"})
    assert forbidden_imports(bad, "services.projections", PROJECTIONS_MAY_NOT) != []


def test_a_private_member_of_another_object_is_found(tmp_path: Path) -> None:
    bad = write(tmp_path, {"services/page.py":
                           "def f(app):\n    return app._load(1), self_ok()\n"
                           "class A:\n    def g(self):\n        return self._x\n"})
    found = private_uses(bad)
    assert len(found) == 1 and "app._load" in found[0]


def test_a_function_level_import_must_defer_and_say_so(tmp_path: Path) -> None:
    bad = write(tmp_path, {"services/x.py":
                           "def a():\n    from services.y import z\n"
                           "def b():\n    import json\n"
                           "def c():\n    # Deferred: psycopg is only needed on PostgreSQL.\n"
                           "    import psycopg\n"})
    found = deferred_imports(bad)
    assert len(found) == 2
    assert "a cycle to fix" in found[0] and "without a comment" in found[1]


def test_a_long_module_is_found(tmp_path: Path) -> None:
    bad = write(tmp_path, {"services/big.py": "x = 1\n" * 501})
    assert long_modules(bad, "services", 500) == [f"{tmp_path / 'services/big.py'}: 501 lines"]


def test_a_test_importing_another_test_module_is_found(tmp_path: Path) -> None:
    write(tmp_path, {"tests/unit/test_a.py": "from tests.integration.test_b import helper\n",
                     "tests/support/world.py": "from tests.support.stores import x\n",
                     "tests/unit/test_c.py": "from tests.support.world import y\n"})
    found = stray_test_imports(tmp_path)
    assert len(found) == 1 and "tests.integration.test_b" in found[0]
