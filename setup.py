"""The optional compiled kernels (``policyparse.layout._speedups``); everything else is in
pyproject.toml. ``optional=True``: where no C compiler is at hand the install goes on and the
package runs its pure-Python reference code, with the same results, only slower."""

import sys

from setuptools import Extension, setup

# Same bits as Python's float arithmetic: no fused multiply-add contraction.
ARGS = [] if sys.platform == "win32" else ["-O2", "-ffp-contract=off"]

setup(
    ext_modules=[
        Extension(
            "policyparse.layout._speedups",
            ["src/policyparse/layout/_speedups.c"],
            extra_compile_args=ARGS,
            optional=True,
        )
    ]
)
