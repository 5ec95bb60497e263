"""Build the restore decoder's C version in place (pipeline/restore/_decode*.so), as setup.py
defines it; `pip install` builds it too, this keeps it current after an edit of _decode.c.

    python scripts/build_accel.py        # `make setup` runs it; quick when up to date

Without a C compiler or Python's headers this says so and exits 0: decode.py then uses its
Python version, which gives the same results more slowly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    built = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},  # setuptools' notes on pyproject's "beta" tables
    )
    if built.returncode != 0 or not list((ROOT / "pipeline" / "restore").glob("_decode*.so")):
        reason = (built.stderr.strip().splitlines() or ["no extension built"])[-1]
        print(f"build_accel: C decoder not built ({reason}); restore uses the Python decoder", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
