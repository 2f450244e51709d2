"""Which cells grading can leave out: the lesson's own experiments.

A lesson notebook spends most of its run time in experiments (training on digits, sweeps,
figures) that decide no grade. ``experiments_to_skip`` finds the cells that can be left
out of a grading run without changing any grade:

* plain cells of the lesson (no nbgrader metadata) whose source is exactly the released
  one (a cell the student edited or added always runs);
* and only when no cell that runs reads a global name those cells bind: every cell that
  runs (setup, answers, tests, the student's own) is read (``ast``) for the global names
  it loads, now or inside its functions; if one of them is bound by a skippable cell
  (other than by re-importing a module the setup imports), or if a cell that runs reaches
  names dynamically (``globals()``, ``eval``, ``exec``, ``vars``, ``__main__``,
  ``get_ipython``), nothing is skipped: the notebook runs in full.

"""
from __future__ import annotations

import ast

from .nbmeta import meta

DYNAMIC = {"globals", "eval", "exec", "vars", "locals", "__main__", "get_ipython", "__import__",
           "importlib", "__builtins__"}


def _python(source: str) -> ast.AST | None:
    """The cell's syntax tree (IPython magics and shell lines blanked), or ``None``."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def bound(tree: ast.AST) -> tuple[set[str], set[str]]:
    """Names a cell binds at module level: ``(by imports, by anything else)``."""
    imported, other = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            other.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            other.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imported.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return imported, other


def free(tree: ast.AST) -> set[str]:
    """The global names a cell reads, now or when its functions are called later: every
    name loaded, minus, inside a function, its parameters and the names it assigns."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            local = params | {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                              and isinstance(n.ctx, ast.Store)}
            names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Load)} - local
    top = ast.Module(body=[stmt for stmt in getattr(tree, "body", [])
                           if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))],
                     type_ignores=[])
    names |= {n.id for n in ast.walk(top) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
              and not _inside_function(n, top)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} & DYNAMIC
    return names


def _inside_function(node: ast.AST, top: ast.AST) -> bool:
    return any(node in set(ast.walk(f)) for f in ast.walk(top) if isinstance(f, ast.Lambda))


def experiments_to_skip(nb, release) -> set[int]:
    """Indices of the cells of ``nb`` a grading run may leave out (empty: run everything).

    ``release`` is the lesson's student notebook, as handed out.
    """
    released = {cell.get("id"): cell.source for cell in release.cells if cell.cell_type == "code"}
    skip, runs = set(), []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if not meta(cell) and released.get(cell.get("id")) == cell.source:
            skip.add(index)
        else:
            runs.append(cell)
    if not skip:
        return set()
    provided, needed = set(), set()
    for cell in runs:
        tree = _python(cell.source)
        if tree is None:
            continue            # a syntax error: the cell fails the same way either way
        imported, other = bound(tree)
        provided |= imported | other
        needed |= free(tree)
    if needed & DYNAMIC:
        return set()
    conflicts = set()
    for index in skip:
        tree = _python(nb.cells[index].source)
        if tree is None:
            return set()
        imported, other = bound(tree)
        conflicts |= other | (imported - provided)   # re-importing a module changes nothing
    return set() if needed & conflicts else skip
