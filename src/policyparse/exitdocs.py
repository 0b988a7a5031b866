"""The exit codes of :mod:`policyparse.exitcodes` in words, for ``--help`` and the README.

Why read the module's source: Python keeps no docstrings of constants, and the table's
meanings should be written once, there; ``tests/test_exit_codes.py`` checks that the README's
table says the same.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap

from policyparse import exitcodes

HELP_WIDTH = 88  # the exit-code lines of --help: about a terminal's width, as argparse wraps


def exit_table() -> list[tuple[str, int, str]]:
    """The exit codes from :mod:`policyparse.exitcodes`, the one table: (name, code, the
    first sentence of its docstring), in the order written there. Read from the module's
    source, where the docstrings are (Python keeps no docstrings of constants); without the
    source, the meanings are left empty."""
    try:
        tree = ast.parse(inspect.getsource(exitcodes))
    except (OSError, TypeError):
        tree = ast.Module(body=[], type_ignores=[])
    meaning: dict[str, str] = {}
    for node, after in itertools.pairwise(tree.body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            meaning[node.target.id] = " ".join(after.value.value.split())
    return [
        (name, value, meaning.get(name, ""))
        for name, value in vars(exitcodes).items()
        if name.isupper() and isinstance(value, int)
    ]


def exit_epilog() -> str:
    """The exit codes as the end of ``--help``."""
    lines = ["exit codes:"]
    for _name, code, text in exit_table():
        first = text.replace("``", "").split("; ")[0].split(". ")[0].rstrip(".")
        lines.append(
            textwrap.fill(
                f"{code:<4} {first}", HELP_WIDTH, initial_indent="  ", subsequent_indent=" " * 7
            )
        )
    return "\n".join(lines)
