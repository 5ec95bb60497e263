"""The segment stage against the dev seeds' hand-restored text (skipped without ../shared).

Measures only: the dev text is never used to build rules.  Appendix tasks belong to the
tables stage and are left out of the mean.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from pipeline.model import Line
from pipeline.segment import segment
from tests.segment_fixtures import make_doc

SHARED = Path(os.environ.get("VANTHU_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS = SHARED / "dev" / "seeds"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not (SEEDS.is_dir() and (SHARED / "eval" / "score.py").is_file()), reason="no ../shared dev set"
    ),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("dev_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_fields_on_hand_restored_seed_text_reach_the_target():
    score = _scorer()
    means = []
    for gold_txt in sorted(SEEDS.glob("*.gold.txt")):
        lines = [Line(page=1, raw=t, text=t) for t in gold_txt.read_text(encoding="utf-8").splitlines()]
        record = segment(make_doc(lines, name=gold_txt.name)).record.model_dump(mode="json")
        gold = json.loads(
            gold_txt.with_name(gold_txt.name.replace(".txt", ".json")).read_text(encoding="utf-8")
        )
        fields = score.field_scores(record, gold)
        fields.pop("appendix_tasks")
        means.append(sum(fields.values()) / len(fields))
    assert means and sum(means) / len(means) >= 0.95
