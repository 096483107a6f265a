"""The package's shape (issue 13 item 7): no import cycles, even through imports inside functions; no
module importing another module's private names; no module over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import govinfo_widgets

PKG = Path(govinfo_widgets.__file__).parent
NAME = "govinfo_widgets"
MAX_LINES = 400
#: Modules that may import another module's private names: none.
PRIVATE_IMPORTS_ALLOWED: set[str] = set()
#: Modules allowed over the limit: none.
SIZE_ALLOWED: set[str] = set()
#: Import cycles allowed: none.
CYCLES_ALLOWED: list[set[str]] = []


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).with_suffix("")
        parts = [NAME, *rel.parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


def package_of(mod: str, path: Path) -> str:
    return mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]


def imports(mod: str, path: Path) -> list[tuple[str, list[str], int]]:
    """Every import of a package module in ``path`` (at any depth): (module, names, line)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_of(mod, path).split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == NAME:
                out.append((target, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == NAME]
    return out


def resolve(target: str, name: str, mods: dict) -> str:
    """The module an ``from target import name`` depends on: ``target.name`` when that is a module."""
    return f"{target}.{name}" if f"{target}.{name}" in mods else target


def rel(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def test_no_module_is_over_the_size_limit():
    big = {}
    for path in modules().values():
        n = len(path.read_text("utf-8").splitlines())
        if n > MAX_LINES and rel(path) not in SIZE_ALLOWED:
            big[rel(path)] = n
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def private_owner(module: str) -> str | None:
    """The package that owns ``module`` privately: ``a.b`` for ``a.b._c`` or ``a.b._c.d``; None if public."""
    parts = module.split(".")
    for i, p in enumerate(parts[1:], 1):
        if p.startswith("_"):
            return ".".join(parts[:i])
    return None


def test_no_module_imports_another_modules_private_names():
    """``from ._form import Form`` inside schema/ builds the package; ``from .rules._compile import x`` from
    outside rules/, or ``from ._engine import _vector`` anywhere, reaches around a module's public face."""
    mods = modules()
    bad = []
    for mod, path in mods.items():
        if rel(path) in PRIVATE_IMPORTS_ALLOWED:
            continue
        own = package_of(mod, path)
        for target, names, line in imports(mod, path):
            for name in names or [""]:
                src = resolve(target, name, mods) if name else target
                if name.startswith("_") and src == target:
                    bad.append(f"{rel(path)}:{line} imports the private name {name} from {target}")
                    continue
                owner = private_owner(src)
                if owner is not None and not (own == owner or own.startswith(owner + ".")):
                    bad.append(f"{rel(path)}:{line} imports {src}, private to {owner}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles_even_inside_functions():
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        for target, names, _line in imports(mod, path):
            deps = {resolve(target, n, mods) for n in names} or {target}
            graph[mod] |= {d for d in deps if d in mods and d != mod}
    # a package's __init__ importing its own parts is how a package is built; a part importing its package's
    # __init__ back is the cycle we look for. So the parent→child edges of an __init__ stay, and cycles are
    # searched on the whole graph (Tarjan's strongly connected components).
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    sccs = [c for c in sccs if set(c) not in CYCLES_ALLOWED]
    assert not sccs, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in sccs)
