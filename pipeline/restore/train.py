"""Add a user's own diacritized text to the restore language model (`vanthu train-lm`).

Text files (.txt, .md) are read as UTF-8; PDFs contribute their text layer. Counts are kept
in the model directory (restore-user-counts.pkl) and added to every later build, so the
text is used from then on; the model is rebuilt at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.restore import build, store
from pipeline.restore.lm import BOS, EOS, K1, Counts, lm_tokens

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text"}


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() in TEXT_SUFFIXES | {".pdf"}))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(p)
    return out


def read_text(path: Path) -> str:
    """The text of a corpus file: UTF-8 text, or a PDF's text layer."""
    if path.suffix.lower() == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8", errors="replace")


def _known(model: store.RestoreModel, sent: list[str]) -> tuple[int, int]:
    """How many of the sentence's bigrams and trigrams the model has not seen."""
    lm = model.lm
    ids = [BOS, BOS, *(lm.vocab.get(w, -1) for w in sent), EOS]
    new_bi = new_tri = 0
    for j in range(2, len(ids)):
        a, b, c = ids[j - 2], ids[j - 1], ids[j]
        if min(a, b, c) < 0 or (a * K1 + b) * K1 + c not in lm.tri:
            new_tri += 1
        if min(b, c) < 0 or b * K1 + c not in lm.bi:
            new_bi += 1
    return new_bi, new_tri


def train_lm(paths: list[Path]) -> dict:
    """Count the n-grams of the given files (or folders) into the user's model and rebuild.

    Returns {"files", "syllables", "new_ngrams"}: new_ngrams counts the bigram and trigram
    occurrences the model did not know before.
    """
    files = _files(paths)
    directory = store.model_dir()
    model = store.load()
    user = store.read(store.USER_COUNTS_FILE, directory)
    if not isinstance(user, Counts):
        user = Counts()
    syllables = new = 0
    for path in files:
        sentences = list(lm_tokens(read_text(path)))
        for sent in sentences:
            new += sum(_known(model, sent))
        syllables += user.add(sentences)
    store.save(user, store.USER_COUNTS_FILE, directory)
    build.build(directory)
    store.forget()
    stats = {"files": len(files), "syllables": syllables, "new_ngrams": new}
    log.info("train-lm: %s", stats)
    return stats
