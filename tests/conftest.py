"""Shared fixtures: the sample inputs converted once per session, and the ../shared dev data."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
if str(ROOT) not in sys.path:  # lets tests import the page renderer: `from samples.layout import ...`
    sys.path.insert(0, str(ROOT))


@dataclass
class ConvertRun:
    out: Path
    returncode: int
    stdout: str
    stderr: str


def run_convert(inputs: Path, out: Path, *extra: str, timeout: float = 1800) -> ConvertRun:
    """Run the real CLI, `python -m pipeline.cli convert INPUTS --out OUT [extra]`, from the repo root."""
    cmd = [sys.executable, "-m", "pipeline.cli", "convert", str(inputs), "--out", str(out), *extra]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return ConvertRun(out, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def convert():
    """The `run_convert` function, for tests that need a run of their own."""
    return run_convert


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory: pytest.TempPathFactory) -> ConvertRun:
    """`vanthu convert samples/inputs` once per session; fails when it wrote no manifest."""
    run = run_convert(SAMPLES / "inputs", tmp_path_factory.mktemp("samples-out"))
    if not (run.out / "manifest.parquet").exists():
        pytest.fail(f"vanthu convert exited {run.returncode} without a manifest:\n{run.stderr[-4000:]}")
    return run


@pytest.fixture(scope="session")
def samples_out(samples_run: ConvertRun) -> Path:
    """OUT of the session's conversion of samples/inputs."""
    return samples_run.out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (or $VANTHU_SHARED); tests that use it skip on a clone without it."""
    env = os.environ.get("VANTHU_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"shared dev data not found at {path}")
    return path
