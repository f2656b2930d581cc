"""The layout rules of docs/architecture.md, checked from the code's own imports.

`make structure` prints the same figures (tests/structure.py).
"""
from __future__ import annotations

from tests.structure import PACKAGE, ROOT, cycles, feature, load

# Lower layers first: a feature may import from the features before it, never after.
LAYERS = [
    "core",
    "ops",
    "accounts",
    "programs",
    "privacy",
    "cases",
    "live",
    "summaries",
    "library",
    "evaluations",
    "closeout",
    "attendance",
    "disclosures",
    "selfefficacy",
    "credit",
    "reports",
    "admin",
    "api",
    "main",
    "demo",
    "server",
]
MAX_LINES = 400

MODULES = load(PACKAGE)


def test_every_feature_package_has_its_place_in_the_layers() -> None:
    features = {feature(name) for name in MODULES} - {"echo"}
    assert features <= set(LAYERS), f"add {sorted(features - set(LAYERS))} to LAYERS and docs/architecture.md"


def test_no_module_is_longer_than_the_limit() -> None:
    long = {str(m.path.relative_to(ROOT)): m.lines for m in MODULES.values() if m.lines > MAX_LINES}
    assert not long, f"split these modules: {long}"


def test_no_import_cycles() -> None:
    assert cycles(MODULES) == []


def test_dependencies_point_down_the_layers() -> None:
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = []
    for m in MODULES.values():
        here = feature(m.name)
        if here == "echo":  # the application factory sits above every feature
            continue
        for line, target in [(0, t) for t in m.imports] + [(line, t) for line, t, _c in m.local_imports]:
            there = feature(target)
            if there not in ("echo", here) and rank[there] > rank[here]:
                upward.append(f"{m.path.relative_to(ROOT)}:{line} imports {target}")
    assert not upward, "\n".join(upward)


def test_function_local_imports_say_why() -> None:
    silent = [f"{m.path.relative_to(ROOT)}:{line} {target}" for m in MODULES.values()
              for line, target, commented in m.local_imports if not commented]
    assert not silent, "import at module level, or say in a comment why not:\n" + "\n".join(silent)


def test_the_rules_see_a_violation(tmp_path) -> None:
    """The checks are not vacuous: a planted cycle, an upward import and a long module are found."""
    pkg = tmp_path / "echo"
    (pkg / "core").mkdir(parents=True)
    (pkg / "live").mkdir()
    for p in (pkg, pkg / "core", pkg / "live"):
        (p / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("from echo.live import b\n" + "x = 1\n" * (MAX_LINES + 1))
    (pkg / "live" / "b.py").write_text("from echo.core import a\n")
    modules = load(pkg, root=tmp_path)
    assert cycles(modules) == [["echo.core.a", "echo.live.b"]]
    assert modules["echo.core.a"].lines > MAX_LINES
    assert "echo.live.b" in modules["echo.core.a"].imports
