"""Where the restore model lives, and loading it once per process.

The model directory is `$VANTHU_MODEL_DIR`, else `$XDG_CACHE_HOME/vanthu`, else
`~/.cache/vanthu`. The compiled model carries a fingerprint of its sources (the code
version, dictionaries/restore/ and the user's own text counts), so a stale model is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import dictionaries

log = logging.getLogger(__name__)

MODEL_VERSION = "1"
MODEL_FILE = "restore-model.pkl"
BASE_COUNTS_FILE = "restore-counts.pkl"
USER_COUNTS_FILE = "restore-user-counts.pkl"

BUILD_CODE = ("build.py", "lm.py", "channel.py", "tokenize.py", "vn.py", "protect.py")
"""Modules whose code shapes the compiled model."""

_lock = threading.Lock()
_cache: dict[str, object] = {}


@dataclass
class RestoreModel:
    """Everything the decoder needs: LM tables and candidate tables for each channel."""

    fingerprint: str
    lm: object
    sources: str = ""
    """Fingerprint of the shipped sources the model was built from."""
    syllables: list[str] = field(default_factory=list)
    """Restorable syllables (lower case, NFC); their LM id is lm.vocab[syllable]."""
    words: list[str] = field(default_factory=list)
    """LM id → its string (syllables lower case, classes in angle brackets)."""
    channels: dict[str, dict[str, dict[str, bytes]]] = field(default_factory=dict)
    """Channel name ('eng', 'vie') → case pattern of the observed token ('lower', 'title',
    'upper') → case-folded observed key → packed [(lm id, log10 P(obs | syllable))]
    (see channel.pack / channel.unpack)."""
    by_letters: dict[str, list[int]] = field(default_factory=dict)
    """Marks stripped → syllable ids with those letters, most frequent first."""
    char_subs: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    """Channel name → gold char → observed string → log10 probability (for unseen tokens)."""
    inverse: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)
    """Channel name → observed substring → [(bare letter, log10 weight)] (see channel.skeletons)."""
    merges: dict[str, dict[str, list[tuple[int, int, float]]]] = field(default_factory=dict)
    """Channel → observed key of one token → [(id, id, log10 P)] when OCR merged two syllables."""
    splits: dict[str, dict[str, list[tuple[int, float]]]] = field(default_factory=dict)
    """Channel → two observed keys joined by a space → [(id, log10 P)] when OCR split one syllable."""
    stats: dict[str, int] = field(default_factory=dict)

    @cached_property
    def restorable_ids(self) -> frozenset[int]:
        """LM ids of the restorable syllables (computed once a process, never stored)."""
        return frozenset(self.lm.vocab[w] for w in self.syllables)  # type: ignore[attr-defined]

    @cached_property
    def letter_keys(self) -> list[str]:
        """The keys of `by_letters`, as the edit-distance search takes its choices."""
        return list(self.by_letters)


def model_dir() -> Path:
    env = os.environ.get("VANTHU_MODEL_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vanthu"


def sources_fingerprint() -> str:
    """Hash of the shipped sources: the code that builds the model and dictionaries/restore/."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    here = Path(__file__).resolve().parent
    for name in BUILD_CODE:
        digest.update((here / name).read_bytes())
    root = dictionaries.path("restore")
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.parent.name not in ("tune", "__pycache__"):  # data, not bytecode
            digest.update(p.name.encode())
            digest.update(p.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(directory: Path | None = None) -> str:
    """Hash of everything the compiled model depends on: shipped sources and user counts."""
    digest = hashlib.sha256(sources_fingerprint().encode())
    user = (directory or model_dir()) / USER_COUNTS_FILE
    if user.exists():
        st = user.stat()
        digest.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def save(obj: object, name: str, directory: Path | None = None) -> Path:
    directory = directory or model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as handle:
        pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(target)
    return target


def read(name: str, directory: Path | None = None) -> object | None:
    target = (directory or model_dir()) / name
    if not target.exists():
        return None
    with target.open("rb") as handle:
        return pickle.load(handle)


def is_current(directory: Path | None = None) -> bool:
    """True when a compiled model exists and matches its sources."""
    directory = directory or model_dir()
    target = directory / MODEL_FILE
    if not target.exists():
        return False
    stamp = directory / (MODEL_FILE + ".fingerprint")
    return stamp.exists() and stamp.read_text().strip() == fingerprint(directory)


def load() -> RestoreModel:
    """The compiled model, loaded once per process; built first when missing or stale."""
    directory = model_dir()
    key = str(directory)
    model = _cache.get(key)
    if model is not None:
        return model  # type: ignore[return-value]
    with _lock:
        model = _cache.get(key)
        if model is None:
            if not is_current(directory):
                from pipeline.restore import build

                log.warning("restore model missing or stale in %s: building it now", directory)
                build.build(directory)
            model = read(MODEL_FILE, directory)
            _cache[key] = model
    return model  # type: ignore[return-value]


def forget() -> None:
    """Drop the cached model (after training or rebuilding)."""
    _cache.clear()
