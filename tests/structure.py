"""The code's shape, from its own imports: module sizes, function-local imports, import cycles
and the dependencies between feature packages. `make structure` prints it (`python tests/structure.py [CHECKOUT]` for another checkout, e.g. an older
commit's worktree); tests/test_architecture.py
holds the rules to it.

Written by hand (ast and a strongly-connected-components walk): the import linters on PyPI
want their own configuration language and still print no sizes or local-import counts.
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "echo"


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    imports: set[str] = field(default_factory=set)  # echo modules imported at module level
    local_imports: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, module, has a comment)
    type_only: set[str] = field(default_factory=set)


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(mod: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base + ([node.module] if node.module else []))


def load(package: Path = PACKAGE, root: Path | None = None) -> dict[str, Module]:
    root = root or package.parent
    modules: dict[str, Module] = {}
    for path in sorted(package.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        name = module_name(path, root)
        modules[name] = Module(name, path, len(src.splitlines()))
    for m in modules.values():
        _read_imports(m, modules)
    return modules



def _read_imports(m: Module, modules: dict[str, Module]) -> None:
    src = m.path.read_text(encoding="utf-8")
    lines = src.splitlines()
    tree = ast.parse(src)
    is_pkg = m.path.name == "__init__.py"
    import_lines = {n for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                    for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)}

    def explained(lineno: int) -> bool:
        """A comment on the import's line, or just above the run of imports it belongs to."""
        if "#" in lines[lineno - 1]:
            return True
        n = lineno - 1
        while n >= 1 and (n in import_lines or not lines[n - 1].strip()):
            n -= 1
        return n >= 1 and lines[n - 1].strip().startswith("#")

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        base = _resolve(m.name, is_pkg, node)
        return [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]

    def walk(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for t in targets(child):
                    if not t.startswith("echo"):
                        continue
                    if type_checking:
                        m.type_only.add(t)
                    elif in_function:
                        m.local_imports.append((child.lineno, t, explained(child.lineno)))
                    else:
                        m.imports.add(t)
                continue
            is_tc = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)),
                 type_checking or is_tc)

    walk(tree, False, False)

def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components (Tarjan) of the module-level import graph, larger than one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def edges(v: str) -> list[str]:
        # importing a.b.c runs a and a.b first: a package's __init__ counts as imported too
        result = []
        for t in modules[v].imports:
            if t in modules and t != v:
                result.append(t)
        return result

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges(v):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in modules:
        if v not in index:
            strong(v)
    return out


def feature(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "echo"


def feature_edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Which feature imports which (module level and inside functions; type-only imports left out)."""
    deps: dict[str, set[str]] = defaultdict(set)
    for m in modules.values():
        for t in m.imports | {t for _l, t, _c in m.local_imports}:
            a, b = feature(m.name), feature(t)
            if a != b and b != "echo":
                deps[a].add(b)
    return deps


def main() -> None:
    global ROOT
    if len(sys.argv) > 1:  # another checkout, e.g. an older commit's worktree, for before/after
        ROOT = Path(sys.argv[1]).resolve()
    modules = load(ROOT / "echo")
    biggest = sorted(modules.values(), key=lambda m: m.lines, reverse=True)[:8]
    local = [(m.name, line, t, c) for m in modules.values() for line, t, c in m.local_imports]
    print(f"modules: {len(modules)}, lines: {sum(m.lines for m in modules.values())}")
    print("largest modules:")
    for m in biggest:
        print(f"  {m.lines:5d}  {m.path.relative_to(ROOT)}")
    print(f"function-local imports of echo modules: {len(local)} "
          f"({sum(1 for *_x, c in local if not c)} without a comment saying why)")
    cyc = cycles(modules)
    print(f"import cycles (module level): {len(cyc)}")
    for c in cyc:
        print("  " + " -> ".join(c))
    print("feature dependencies:")
    for a, bs in sorted(feature_edges(modules).items()):
        print(f"  {a:10s} -> {', '.join(sorted(bs))}")


if __name__ == "__main__":
    main()
