"""Syllable trigram language model: counting, interpolated Kneser-Ney, backoff lookup.

The model is compiled into backoff form (as in an ARPA file): a seen trigram or bigram
stores its full interpolated log-probability, a history stores its backoff weight, so a
lookup costs at most three dict probes. N-gram keys are packed integers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.restore.tokenize import tokenize
from pipeline.restore.vn import canonical, is_syllable, nfc

BITS = 18
K1 = 1 << BITS
K2 = K1 * K1
BOS, EOS, UNK, NUM, SYM, PUNCT, COMMA = range(7)
SPECIAL = ("<s>", "</s>", "<unk>", "<num>", "<sym>", "<p>", ",")


def lm_tokens(text: str) -> Iterator[list[str]]:
    """Sentences of LM tokens (syllables lower-cased, other tokens as classes) from marked text."""
    sent: list[str] = []
    for line in nfc(text).splitlines():
        toks = tokenize(line)
        if not toks:
            if sent:
                yield sent
                sent = []
            continue
        for tok in toks:
            if tok.kind == "punct":
                if any(c in ".;:!?" for c in tok.prefix):
                    if sent:
                        yield sent
                    sent = []
                elif sent:
                    sent.append("," if "," in tok.prefix else "<p>")
                continue
            if tok.prefix:
                sent.append("<p>")
            sent.append(token_class(tok.core, tok.kind))
            if tok.suffix:
                if tok.ends_sentence:
                    yield sent
                    sent = []
                elif "," in tok.suffix:
                    sent.append(",")
                else:
                    sent.append("<p>")
    if sent:
        yield sent


def token_class(core: str, kind: str) -> str:
    if kind == "word":
        low = core.lower()
        return canonical(low) if is_syllable(low) else "<unk>"
    if kind == "num":
        return "<num>"
    if kind == "acronym":
        return core
    return "<sym>"


@dataclass
class Counts:
    """Raw n-gram counts over syllable ids (vocabulary kept alongside)."""

    vocab: dict[str, int] = field(default_factory=lambda: {w: i for i, w in enumerate(SPECIAL)})
    uni: Counter = field(default_factory=Counter)
    bi: Counter = field(default_factory=Counter)
    tri: Counter = field(default_factory=Counter)
    sources: str = ""
    """Fingerprint of the sources counted (see store.sources_fingerprint)."""
    attested: set = field(default_factory=set)
    """Tokens seen in running text (not only in word lists)."""

    def ids(self, sent: list[str]) -> list[int]:
        vocab = self.vocab
        out = []
        for w in sent:
            i = vocab.get(w)
            if i is None:
                i = vocab[w] = len(vocab)
            out.append(i)
        return out

    def add(self, sentences: Iterable[list[str]], weight: int = 1, attest: bool = True) -> int:
        """Count the n-grams of the sentences `weight` times; returns the syllables read."""
        n = 0
        uni, bi, tri = self.uni, self.bi, self.tri
        for sent in sentences:
            if attest:
                self.attested.update(sent)
            ids = [BOS, BOS, *self.ids(sent), EOS]
            n += len(sent)
            for j in range(2, len(ids)):
                a, b, c = ids[j - 2], ids[j - 1], ids[j]
                tri[(a * K1 + b) * K1 + c] += weight
                bi[b * K1 + c] += weight
                uni[c] += weight
        return n

    def merge(self, other: Counts, weight: int = 1) -> None:
        """Add another count set (with its own vocabulary) into this one."""
        remap = [0] * len(other.vocab)
        for w, i in other.vocab.items():
            remap[i] = self.ids([w])[0]
        for key, c in other.tri.items():
            a, b, z = key // K2, (key // K1) % K1, key % K1
            self.tri[(remap[a] * K1 + remap[b]) * K1 + remap[z]] += c * weight
        for key, c in other.bi.items():
            self.bi[remap[key // K1] * K1 + remap[key % K1]] += c * weight
        for key, c in other.uni.items():
            self.uni[remap[key]] += c * weight
        self.attested |= other.attested


def _discount(counts: Iterable[int]) -> float:
    hist = Counter(c for c in counts if c <= 2)
    n1, n2 = hist.get(1, 0), hist.get(2, 0)
    return min(0.9, max(0.3, n1 / (n1 + 2 * n2))) if n1 else 0.5


@dataclass
class LM:
    """Compiled backoff tables: log10 probabilities keyed by packed ids."""

    vocab: dict[str, int]
    uni: list[float]
    bi: dict[int, float]
    bow1: dict[int, float]
    tri: dict[int, float]
    bow2: dict[int, float]

    def score(self, a: int, b: int, c: int) -> float:
        """log10 P(c | a b)."""
        p = self.tri.get((a * K1 + b) * K1 + c)
        if p is not None:
            return p
        p = self.bi.get(b * K1 + c)
        if p is not None:
            return self.bow2.get(a * K1 + b, 0.0) + p
        return self.bow2.get(a * K1 + b, 0.0) + self.bow1.get(b, 0.0) + self.uni[c]

    def sentence_logprob(self, words: list[str]) -> float:
        ids = [BOS, BOS, *(self.vocab.get(w, UNK) for w in words), EOS]
        return sum(self.score(ids[j - 2], ids[j - 1], ids[j]) for j in range(2, len(ids)))


def compile_kn(counts: Counts, prior: dict[str, float] | None = None, prior_weight: float = 0.4) -> LM:
    """Interpolated Kneser-Ney over the counts, in backoff form.

    `prior` (syllable → probability, e.g. a word-frequency list) is mixed into the unigram
    level so syllables the corpora never show still get a sensible probability.
    """
    vsize = len(counts.vocab)
    d3 = _discount(counts.tri.values())
    # continuation counts for the lower orders
    cont2: Counter = Counter()
    for key in counts.tri:
        cont2[key % K2] += 1
    cont1: Counter = Counter()
    for key in cont2:
        cont1[key % K1] += 1
    d2 = _discount(cont2.values())

    total1 = sum(cont1.values())
    p1 = [0.0] * vsize
    prior_p = [0.0] * vsize
    if prior:
        z = sum(prior.values())
        for w, p in prior.items():
            i = counts.vocab.get(w)
            if i is not None:
                prior_p[i] = p / z
    else:
        prior_weight = 0.0
    floor = 1.0 / (vsize * 50)
    for i in range(vsize):
        kn = cont1.get(i, 0) / total1 if total1 else 0.0
        p1[i] = (1 - prior_weight) * kn + prior_weight * prior_p[i] + floor
    p1[BOS] = 0.0
    z1 = sum(p1)
    p1 = [p / z1 for p in p1]

    # bigram level from continuation counts
    hist2_total: Counter = Counter()
    hist2_types: Counter = Counter()
    for key, c in cont2.items():
        hist2_total[key // K1] += c
        hist2_types[key // K1] += 1
    bi: dict[int, float] = {}
    p2: dict[int, float] = {}
    for key, c in cont2.items():
        h, w = key // K1, key % K1
        tot = hist2_total[h]
        p = max(c - d2, 0) / tot + d2 * hist2_types[h] / tot * p1[w]
        p2[key] = p
        bi[key] = math.log10(p)
    bow1 = {h: math.log10(d2 * hist2_types[h] / tot) for h, tot in hist2_total.items()}

    # trigram level from raw counts
    hist3_total: Counter = Counter()
    hist3_types: Counter = Counter()
    for key, c in counts.tri.items():
        hist3_total[key // K1] += c
        hist3_types[key // K1] += 1
    tri: dict[int, float] = {}
    for key, c in counts.tri.items():
        h, bw = key // K1, key % K2
        tot = hist3_total[h]
        lower = p2.get(bw)
        if lower is None:
            lower = 10 ** (bow1.get(bw // K1, 0.0)) * p1[bw % K1]
        p = max(c - d3, 0) / tot + d3 * hist3_types[h] / tot * lower
        tri[key] = math.log10(p)
    bow2 = {h: math.log10(d3 * hist3_types[h] / tot) for h, tot in hist3_total.items()}
    uni = [math.log10(p) if p > 0 else -99.0 for p in p1]
    return LM(dict(counts.vocab), uni, bi, bow1, tri, bow2)
