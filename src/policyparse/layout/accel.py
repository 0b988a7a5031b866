"""The compiled layout kernels (``_speedups``), when they are built and not turned off.

The per-character loops of the layout stage (pdfium's character loop, grouping characters
into rows, a line's text and boxes, a whole one-column row in one call) have a pure-Python
reference each, which is the specification, and a C port in ``_speedups.c`` built at install
time where a C compiler is at hand (``setup.py``, ``optional=True``). Callers read
:data:`kernels` at call time: the module, or ``None`` for the reference code. A kernel may
also return ``None`` for an input it does not take (a coordinate that is not a float); the
caller then runs the reference.

``POLICYPARSE_PURE_PYTHON=1`` in the environment turns the kernels off (to compare, or to rule
them out when hunting a bug); tests/test_speedups.py checks that both give equal results.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Protocol, cast

__all__ = ["Kernels", "kernels", "load_kernels"]

_Char = tuple[str, float, float, float, float, float, str]
_Box = tuple[float, float, float, float]
_RunInfo = tuple[bool, bool, float, float, str, dict[str, float]]
_LineParts = tuple[
    str, list[_Box | None], float, float, float, float, float, str | dict[str, int], bool
]


class Kernels(Protocol):
    """What ``_speedups`` provides; each function names its reference in its docstring."""

    def page_chars(
        self,
        text_page: int,
        n: int,
        page_text: Sequence[str],
        functions: tuple[int, ...],
        plain: bool,
        ex: float,
        ft: float,
        overlap: float,
        rotation: tuple[float, float, float, float],
        all_text: bool,
        handles: dict[int, Any],
        load_font: Callable[[int], tuple[str, float]],
        ink_left: dict[tuple[str, float], dict[str, float]],
        run_info: Callable[[int, int], _RunInfo],
        make_char: Callable[[str, float, float, float, float, float, str], _Char],
        /,
    ) -> tuple[list[_Char], int]: ...

    def rows(self, chars: Sequence[_Char], /) -> list[list[_Char]] | None: ...

    def visible(self, row: list[_Char], /) -> list[_Char] | None: ...

    def splits(
        self, visible: list[_Char], gap_limit: float, shifted_gap: float, /
    ) -> bool | None: ...

    def line_text(
        self, chars: list[_Char], word_gap: float, normalized: dict[str, str], /
    ) -> tuple[str, list[_Box | None]] | None: ...

    def bounds(
        self, items: list[_Char] | list[_Box | None], start: int, end: int, offset: int, /
    ) -> _Box | None: ...

    def same_x_pairs(self, chars: Sequence[_Char], /) -> tuple[int, int] | None: ...

    def uniform_size(self, visible: list[_Char], /) -> float | None: ...

    def count_letters(self, text: str, /) -> tuple[int, int]: ...

    def column_cuts(
        self,
        boxes: list[_Box | None],
        size: float,
        x0: float,
        x1: float,
        anchors: list[float],
        /,
    ) -> list[int] | None: ...

    def row_line(self, row: list[_Char], normalized: dict[str, str], /) -> _LineParts | None: ...


def load_kernels() -> Kernels | None:
    """The compiled module, or None where it is not built or ``POLICYPARSE_PURE_PYTHON`` is
    set to anything but ``""`` or ``0``."""
    if os.environ.get("POLICYPARSE_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        module = importlib.import_module("policyparse.layout._speedups")
    except ImportError:
        return None
    missing = [name for name in _KERNEL_NAMES if not callable(getattr(module, name, None))]
    if missing:
        # a build left over from an older _speedups.c (an in-place build not redone after an
        # update): calling it would fail half-way through a page, so none of it is used
        warnings.warn(
            f"policyparse.layout._speedups lacks {', '.join(missing)} (built from an older "
            "source?); running the pure-Python layout code. Rebuild: pip install -e . or "
            "python setup.py build_ext --inplace",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return cast(Kernels, module)


# Every kernel the Protocol declares: a compiled module must have them all.
_KERNEL_NAMES = tuple(
    name for name in vars(Kernels) if not name.startswith("_") and callable(vars(Kernels)[name])
)


kernels: Kernels | None = load_kernels()
