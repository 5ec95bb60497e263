"""Build the restore decoder's C version in place (pipeline/restore/_decode*.so).

    python scripts/build_accel.py        # `make setup` runs it; quick when up to date

Without a C compiler or Python's headers this says so and exits 0: decode.py then uses its
Python version, which gives the same results more slowly.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "pipeline/restore/_decode.c"


def main() -> int:
    warnings.filterwarnings("ignore", module="setuptools")  # pyproject's [tool.setuptools] is "beta"
    from setuptools import Extension, setup

    os.chdir(ROOT)
    extension = Extension("pipeline.restore._decode", [SOURCE], extra_compile_args=["-O2"])
    try:
        setup(name="vanthu-accel", ext_modules=[extension], script_args=["-q", "build_ext", "--inplace"])
    except (SystemExit, Exception) as exc:  # setuptools reports a failed compile as SystemExit
        print(f"build_accel: C decoder not built ({exc}); restore uses the Python decoder", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
