"""train_lm adds a user's own diacritized text to the model, persisted in the model dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.restore import restore_lines, store
from pipeline.restore.train import train_lm
from pipeline.restore.vn import strip_marks

# invented text, with a rare reading the base model has little reason to choose
CORPUS = "\n".join(
    [
        "Lễ hội Nghinh Ông ở làng chài Cửa Tùng diễn ra vào rằm tháng sáu.",
        "Dân làng chài Cửa Tùng rước Nghinh Ông từ sáng sớm.",
        "Ban tổ chức lễ hội Nghinh Ông mời các ghe bầu tham gia.",
    ]
    * 5
)


@pytest.fixture()
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private model dir seeded with the shared model, so the test builds only the LM."""
    source = store.model_dir()
    store.load()
    for name in (store.MODEL_FILE, store.MODEL_FILE + ".fingerprint", store.BASE_COUNTS_FILE):
        shutil.copy(source / name, tmp_path / name)
    monkeypatch.setenv("VANTHU_MODEL_DIR", str(tmp_path))
    store.forget()
    yield tmp_path
    store.forget()


def test_train_lm_counts_the_corpus_and_persists_it(model_dir: Path, tmp_path: Path):
    corpus = tmp_path / "corpus" / "le-hoi.txt"
    corpus.parent.mkdir()
    corpus.write_text(CORPUS, encoding="utf-8")
    before = store.load().lm.sentence_logprob(["dân", "làng", "chài", "cửa", "tùng", "rước", "nghinh", "ông"])

    stats = train_lm([corpus.parent])

    assert stats["files"] == 1
    assert stats["syllables"] == sum(len(s.split()) for s in CORPUS.replace(".", "").splitlines())
    assert stats["new_ngrams"] > 0
    assert (model_dir / store.USER_COUNTS_FILE).exists()
    assert store.is_current(model_dir)
    model = store.load()
    assert (
        model.lm.sentence_logprob(["dân", "làng", "chài", "cửa", "tùng", "rước", "nghinh", "ông"])
        > before + 2
    )


def test_trained_text_guides_restoration(model_dir: Path, tmp_path: Path):
    corpus = tmp_path / "le-hoi.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    train_lm([corpus])
    line = "Dân làng chài Cửa Tùng rước Nghinh Ông từ sáng sớm."
    assert restore_lines([strip_marks(line)])[0][0] == line


def test_train_lm_rejects_missing_files(model_dir: Path, tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        train_lm([tmp_path / "absent.txt"])
