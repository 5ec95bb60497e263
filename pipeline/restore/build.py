"""Build the restore model offline from installed packages and dictionaries/restore/.

    python -m pipeline.restore.build [--if-missing] [--dir DIR]

Sources: underthesea's VLSP-tagged text and Viet74K word list, wordfreq's Vietnamese list,
the domain text and phrase list in dictionaries/restore/, the learned OCR confusion tables
there, and the user's own text added by `train_lm`. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import dictionaries
from pipeline.restore import channel, store
from pipeline.restore.lm import Counts, compile_kn, lm_tokens
from pipeline.restore.vn import canonical, is_syllable, nfc

log = logging.getLogger(__name__)

DOMAIN_WEIGHT = 2
PHRASE_WEIGHT = 3
USER_WEIGHT = 4
GRAMMAR_WEIGHT = 1
GRAMMAR_SENTENCES = 4000
PRIOR_FLOOR = 1e-6


def _underthesea_file(*parts: str) -> Path | None:
    try:
        import underthesea
    except ImportError:  # pragma: no cover - a dependency
        return None
    p = Path(underthesea.__file__).parent.joinpath(*parts)
    return p if p.exists() else None


def vlsp_sentences() -> Iterator[list[str]]:
    """Sentences of the VLSP 2013 tagged text shipped with underthesea."""
    p = _underthesea_file("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "test_output.txt")
    if p is None:
        return
    words: list[str] = []
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                yield from lm_tokens(" ".join(words))
            words = []
            continue
        words.append(line.split("\t", 1)[0])
    if words:
        yield from lm_tokens(" ".join(words))


_UNIT = re.compile(r"^(?:Thành phố|Thị xã|Thị trấn|Tỉnh|Huyện|Quận|Xã|Phường|Đặc khu)\s+")


def place_sentences() -> list[str]:
    """Names of provinces, districts and communes from underthesea's address data: each
    commune name once, and each district and province with its unit word ("huyện Phong
    Điền"), so names are known without swamping the unit words."""
    p = _underthesea_file("address", "data", "mapping.json")
    if p is None:
        return []
    data = json.loads(p.read_text(encoding="utf-8"))
    names: set[str] = set()
    units: set[str] = set()
    for rec in data.get("ward_mapping", []):
        for key in ("old_ward", "new_ward"):
            if rec.get(key):
                names.add(_UNIT.sub("", rec[key]))
        for key in ("old_district", "old_province", "new_province"):
            if rec.get(key):
                units.add(rec[key][:1].lower() + rec[key][1:])
    return sorted(nfc(s) for s in names | units if not s[:1].isdigit())


def viet74k_words() -> list[str]:
    p = _underthesea_file("corpus", "data", "Viet74K.txt")
    if p is None:
        return []
    return [nfc(w.strip()) for w in p.read_text(encoding="utf-8").splitlines() if w.strip()]


def wordfreq_prior() -> dict[str, float]:
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - a dependency
        return {}
    out: dict[str, float] = {}
    for w, f in wordfreq.get_frequency_dict("vi", "small").items():
        w = nfc(w)
        if is_syllable(w):
            out[canonical(w)] = out.get(canonical(w), 0.0) + f
    return out


def domain_text() -> str:
    root = dictionaries.path("restore")
    texts = (p.read_text(encoding="utf-8") for p in sorted(root.glob("domain_text*.txt")))
    return "\n\n".join(
        "\n".join(line for line in text.splitlines() if not line.startswith("#")) for text in texts
    )


def abbreviated(text: str) -> str:
    """The text with the long names of dictionaries/restore/abbreviations.tsv shortened."""
    for row in dictionaries.rows("restore/abbreviations.tsv"):
        text = text.replace(row["full"], row["short"])
    return text


def grammar_sentences(n: int = GRAMMAR_SENTENCES, seed: int = 0) -> list[str]:
    """Expand dictionaries/restore/domain_grammar.txt into `n` invented sentences."""
    slots: dict[str, list[str]] = {}
    current = None
    for line in dictionaries.words("restore/domain_grammar.txt"):
        if line.startswith("@"):
            current = slots.setdefault(line[1:].strip(), [])
        elif current is not None:
            current.append(line)
    rng = random.Random(seed)
    pattern = re.compile(r"\{(\w+)\}")
    out = []
    for _ in range(n):
        text = rng.choice(slots.get("sentence", [""]))
        for _depth in range(3):
            text = pattern.sub(lambda m: rng.choice(slots.get(m.group(1)) or [""]), text)
        out.append(text)
    return out


def base_counts() -> Counts:
    """N-gram counts of the shipped corpora and the team's domain text."""
    counts = Counts()
    counts.add(vlsp_sentences())
    domain = domain_text() + "\n\n" + "\n\n".join(grammar_sentences())
    counts.add(lm_tokens(domain_text()), weight=DOMAIN_WEIGHT)
    counts.add(lm_tokens(abbreviated(domain)), weight=max(1, DOMAIN_WEIGHT // 2))
    counts.add(lm_tokens("\n\n".join(grammar_sentences())), weight=GRAMMAR_WEIGHT)
    counts.add(
        (s for w in dictionaries.words("restore/domain_phrases.txt") for s in lm_tokens(w)),
        weight=PHRASE_WEIGHT,
    )
    counts.add((s for w in viet74k_words() for s in lm_tokens(w.lower())), attest=False)
    counts.add(lm_tokens("\n\n".join(place_sentences())), attest=False)
    return counts


def inventory(vocab: dict[str, int], attested: set[str], prior: dict[str, float]) -> list[str]:
    """The syllables restoration may output: seen in running text, frequent enough in the
    word-frequency list, or part of several dictionary words."""
    in_words: Counter = Counter(s for w in viet74k_words() for s in {canonical(x) for x in w.lower().split()})
    return sorted(
        w
        for w in vocab
        if is_syllable(w) and (w in attested or prior.get(w, 0.0) >= PRIOR_FLOOR or in_words[w] >= 2)
    )


def _reuse_channels(model: store.RestoreModel, directory: Path) -> bool:
    """Take the channel tables of the previous model when only LM counts changed (after
    train_lm): same shipped sources, same syllables, the same ids for old words."""
    old = store.read(store.MODEL_FILE, directory)
    if (
        not isinstance(old, store.RestoreModel)
        or getattr(old, "sources", "") != model.sources
        or old.syllables != model.syllables
        or model.words[: len(old.words)] != old.words
    ):
        return False
    for name in ("channels", "by_letters", "char_subs", "inverse", "merges", "splits"):
        setattr(model, name, getattr(old, name))
    return True


def build(directory: Path | None = None) -> Path:
    """Build and save the compiled model; returns its path."""
    directory = directory or store.model_dir()
    started = time.perf_counter()
    sources = store.sources_fingerprint()
    counts = store.read(store.BASE_COUNTS_FILE, directory)
    if not isinstance(counts, Counts) or counts.sources != sources:
        counts = base_counts()
        counts.sources = sources
        store.save(counts, store.BASE_COUNTS_FILE, directory)
    prior = wordfreq_prior()
    for syl in prior:
        counts.ids([syl])
    user = store.read(store.USER_COUNTS_FILE, directory)
    if user is not None:
        counts.merge(user, USER_WEIGHT)  # type: ignore[arg-type]
    lm = compile_kn(counts, prior)
    syllables = inventory(lm.vocab, counts.attested, prior)
    words = [""] * len(lm.vocab)
    for w, i in lm.vocab.items():
        words[i] = w
    model = store.RestoreModel(
        fingerprint=store.fingerprint(directory), lm=lm, syllables=syllables, words=words
    )
    model.sources = sources
    if not _reuse_channels(model, directory):
        channel.compile_channels(model)
    model.stats = {
        "vocab": len(lm.vocab),
        "bigrams": len(lm.bi),
        "trigrams": len(lm.tri),
        "syllables": len(syllables),
    }
    target = store.save(model, store.MODEL_FILE, directory)
    (directory / (store.MODEL_FILE + ".fingerprint")).write_text(model.fingerprint)
    store.forget()
    log.info("restore model built in %.1fs: %s", time.perf_counter() - started, model.stats)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--if-missing", action="store_true", help="only build when missing or stale")
    parser.add_argument(
        "--dir", type=Path, default=None, help="model directory (default: see store.model_dir)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    directory = args.dir or store.model_dir()
    if args.if_missing and store.is_current(directory):
        print(f"restore model is current in {directory}")
        return 0
    started = time.perf_counter()
    target = build(directory)
    print(f"restore model written to {target} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
