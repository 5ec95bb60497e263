"""OCR channel model: P(observed token | syllable), and candidates for an observed token.

Learned from the confusion tables that scripts/learn_confusions.py writes (our own text,
rendered and read with `tesseract -l eng` / `-l vie`). Two levels:

* whole syllables: counts of (syllable, observed) pairs, including split and merged tokens;
* characters: each syllable character → observed substring (é for ế, ii for ủ, 6 for ô, P
  for Đ, …), aligned from the same pairs. This generalises to syllables the renders never
  showed, and stripping every mark is always allowed.

At build time every syllable's likely observations are enumerated and inverted into a
table observed key → [(syllable id, log10 P(obs | syllable))], so the decoder only does
dict lookups. Keys are case-folded.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict

import dictionaries
from pipeline.restore.vn import apply_case, canonical, case_pattern, nfc, strip_marks, strip_tone

CHANNELS = ("eng", "vie")
MAX_SUB = 3
"""Longest observed substring one syllable character may become."""
PER_SYLLABLE = 40
PER_FREQUENT = 100
CASED_SYLLABLES = 3000
"""How many of the most frequent syllables get PER_FREQUENT readings per case pattern."""
PER_CASED_RARE = 12
"""Title- and upper-case readings enumerated for each rarer syllable."""
PATTERNS = ("lower", "title", "upper")
PER_KEY = 12
MIN_LOGP = -6.0
SMOOTHING = 2.0
"""Pseudo-count of each back-off level of the character model."""
EMPIRICAL_PRIOR = 10.0
MAX_TRUST = 0.7
"""A syllable's own observed readings get weight total / (total + EMPIRICAL_PRIOR), at most
MAX_TRUST: the renders never show every condition, so the character model keeps a share."""


def table(name: str) -> list[tuple[str, str, int]]:
    """The rows of a learned confusion table (empty when it has not been learned yet)."""
    try:
        rows = dictionaries.rows(f"restore/confusions_{name}.tsv")
    except FileNotFoundError:
        return []
    out = []
    for r in rows:
        if not r.get("observed"):
            continue
        gold = " ".join(apply_case(canonical(g.lower()), case_pattern(g)) for g in nfc(r["gold"]).split())
        out.append((gold, nfc(r["observed"]), int(r["count"])))
    return out


ALPHABET = frozenset(
    {nfc(v + t) for v in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")}
    | set("bcdđghklmnpqrstvx")
)
ALPHABET = ALPHABET | frozenset(c.upper() for c in ALPHABET)


def _map_cost(g: str, o: str) -> float:
    """Cost of one gold character becoming the observed substring `o` (for alignment)."""
    if o == g:
        return 0.0
    if not o:
        return 1.0
    base = strip_marks(g)
    if len(o) == 1:
        return 0.4 if strip_marks(o) == base else 1.0
    extra = 0.5 * (len(o) - 1)
    return (0.6 if base in strip_marks(o) else 1.0) + extra


def align_chars(gold: str, obs: str) -> list[str] | None:
    """For each character of `gold`, the substring of `obs` it became (None when the two
    are too far apart to align)."""
    n, m = len(gold), len(obs)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(1, n + 1):
        g = gold[i - 1]
        for j in range(m + 1):
            best, arg = inf, 0
            for k in range(min(MAX_SUB, j) + 1):
                prev = cost[i - 1][j - k]
                if prev < inf:
                    c = prev + _map_cost(g, obs[j - k : j])
                    if c < best:
                        best, arg = c, k
            cost[i][j], back[i][j] = best, arg
    if cost[n][m] == inf:
        return None
    parts = [""] * n
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        parts[i - 1] = obs[j - k : j]
        j -= k
    return parts


def _normalise(counter: Counter) -> dict[str, float]:
    total = sum(counter.values())
    return {k: v / total for k, v in counter.items()} if total else {}


def _mix(counts: Counter, prior: dict[str, float], weight: float) -> dict[str, float]:
    """(counts + weight · prior) / (total + weight): a Dirichlet-smoothed distribution."""
    total = sum(counts.values()) + weight
    out = {o: weight * p / total for o, p in prior.items()}
    for o, c in counts.items():
        out[o] = out.get(o, 0.0) + c / total
    return out


def char_model(rows: list[tuple[str, str, int]], smoothing: float = SMOOTHING) -> dict[str, dict[str, float]]:
    """Gold character → observed substring → log10 probability.

    Counts are smoothed hierarchically: a character backs off to all characters with the
    same bare letter (á to a, ă, ấ, …), which back off to all vowels or all consonants, so
    a reading seen for one form of a letter is possible for its other forms. Reading the
    character itself or its bare letter keeps some mass too.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for gold, obs, c in rows:
        if " " in gold or " " in obs:
            continue
        parts = align_chars(gold, obs)
        if parts is None:
            continue
        for g, o in zip(gold, parts, strict=True):
            counts[g][o] += c
    by_base: dict[str, Counter] = defaultdict(Counter)
    by_class: dict[bool, Counter] = defaultdict(Counter)
    for g, obs in counts.items():
        by_base[strip_marks(g)].update(obs)
        by_class[strip_marks(g).lower() in "aeiouy"].update(obs)
    class_dist = {k: _normalise(v) for k, v in by_class.items()}

    def lower_dist(g: str) -> dict[str, float]:
        base = strip_marks(g)
        own: dict[str, float] = {}
        for form, share in ((g, 0.4), (strip_tone(g), 0.3), (base, 0.3)):
            own[form] = own.get(form, 0.0) + share
        pool = dict(own)
        for o, p in class_dist.get(base in "aeiouy", {}).items():
            pool[o] = pool.get(o, 0.0) + 0.05 * p
        z = sum(pool.values())
        pool = {o: p / z for o, p in pool.items()}
        return _mix(counts.get(g, Counter()), _mix(by_base.get(base, Counter()), pool, smoothing), smoothing)

    model: dict[str, dict[str, float]] = {}
    for g in ALPHABET | set(counts):
        probs = lower_dist(g.lower())
        if g != g.lower():
            # a capital backs off to its lower-case form's readings
            probs = _mix(
                counts.get(g, Counter()),
                _mix(by_base.get(strip_marks(g), Counter()), probs, smoothing),
                smoothing,
            )
        model[g] = {o: math.log10(p) for o, p in probs.items() if p >= 1e-4}
    return model


def generate(
    syllable: str, subs: dict[str, dict[str, float]], limit: int = PER_SYLLABLE
) -> list[tuple[str, float]]:
    """The likeliest observations of a syllable under the character model (beam search)."""
    beam: list[tuple[float, str]] = [(0.0, "")]
    for ch in syllable:
        options = subs.get(ch) or {ch: 0.0}
        nxt = [
            (lp + olp, prefix + o) for lp, prefix in beam for o, olp in options.items() if lp + olp > MIN_LOGP
        ]
        beam = heapq.nlargest(limit * 2, nxt)
    merged: dict[str, float] = {}
    for lp, obs in beam:
        merged[obs] = math.log10(10**lp + 10 ** merged[obs]) if obs in merged else lp
    return heapq.nlargest(limit, ((o, lp) for o, lp in merged.items() if o), key=lambda x: x[1])


def char_logprob(syllable: str, obs: str, subs: dict[str, dict[str, float]]) -> float:
    """log10 P(obs | syllable) under the character model (forward algorithm)."""
    n, m = len(syllable), len(obs)
    fwd = [1.0 if j == 0 else 0.0 for j in range(m + 1)]
    for i in range(n):
        options = subs.get(syllable[i]) or {syllable[i]: 0.0}
        new = [0.0] * (m + 1)
        for j in range(m + 1):
            if fwd[j] == 0.0:
                continue
            for o, lp in options.items():
                k = j + len(o)
                if k <= m and obs.startswith(o, j):
                    new[k] += fwd[j] * 10**lp
        fwd = new
    return math.log10(fwd[m]) if fwd[m] > 0 else -99.0


def pack(cands: list[tuple[int, float]]) -> bytes:
    """Candidates as int32 pairs (id, log10 P in thousandths): compact and quick to load."""
    flat = array("i")
    for sid, lp in cands:
        flat.extend((sid, round(lp * 1000)))
    return flat.tobytes()


def unpack(blob: bytes) -> list[tuple[int, float]]:
    flat = array("i")
    flat.frombytes(blob)
    return [(flat[k], flat[k + 1] / 1000) for k in range(0, len(flat), 2)]


def inverse_subs(subs: dict[str, dict[str, float]]) -> dict[str, list[tuple[str, float]]]:
    """Observed substring → [(bare letter it most likely stands for, log10 weight)]."""
    inv: dict[str, Counter] = defaultdict(Counter)
    for g, dist in subs.items():
        for o, lp in dist.items():
            if o:
                inv[o][strip_marks(g)] += 10**lp
    out = {}
    for o, letters in inv.items():
        z = sum(letters.values())
        out[o] = [(b, math.log10(w / z)) for b, w in letters.most_common(3) if w / z >= 0.05]
    return out


def skeletons(obs: str, inv: dict[str, list[tuple[str, float]]], limit: int = 8) -> list[str]:
    """Bare-letter strings an unseen observed token most likely stands for."""
    beams: list[list[tuple[float, str]]] = [[] for _ in range(len(obs) + 1)]
    beams[0] = [(0.0, "")]
    for j in range(len(obs)):
        if not beams[j]:
            continue
        for k in range(1, MAX_SUB + 1):
            piece = obs[j : j + k]
            if len(piece) < k:
                break
            for letter, lw in inv.get(piece, ()):
                beams[j + k].extend((w + lw, sk + letter) for w, sk in beams[j])
        beams[j + 1] = heapq.nlargest(limit, beams[j + 1])
    return [sk for _, sk in heapq.nlargest(limit, beams[-1])]


def compile_channel(model, name: str) -> None:
    """Fill the model's candidate tables for one channel from its confusion table.

    Readings depend on case (Đ is read P far more often than đ), so the table is keyed by
    the observed token's case pattern: lower, title, upper; frequent syllables get more
    readings enumerated than rare ones.
    """
    rows = table(name)
    vocab = model.lm.vocab
    uni = model.lm.uni
    subs = char_model([(g, o.casefold(), c) for g, o, c in rows])
    model.char_subs[name] = subs
    model.inverse[name] = inverse_subs(subs)
    per_gold: dict[tuple[str, str], Counter] = defaultdict(Counter)
    merges: dict[str, Counter] = defaultdict(Counter)
    splits: dict[str, Counter] = defaultdict(Counter)
    gold_total: Counter = Counter()
    for gold, obs, c in rows:
        low, key = gold.lower(), obs.casefold()
        if " " in gold:
            merges[key][low] += c
            gold_total[(low, "lower")] += c
        elif " " in obs:
            splits[key][low] += c
            gold_total[(low, "lower")] += c
        else:
            per_gold[(low, case_pattern(gold))][key] += c
            gold_total[(low, case_pattern(gold))] += c
    frequent = set(sorted(model.syllables, key=lambda w: -uni[vocab[w]])[:CASED_SYLLABLES])
    tables: dict[str, dict[str, bytes]] = {}
    for pattern in PATTERNS:
        inverse: dict[str, dict[int, float]] = defaultdict(dict)
        for syl in model.syllables:
            sid = vocab[syl]
            surface = apply_case(syl, pattern)
            seen = per_gold.get((syl, pattern), Counter())
            total = gold_total.get((syl, pattern), 0)
            limit = (
                PER_FREQUENT if syl in frequent else PER_SYLLABLE if pattern == "lower" else PER_CASED_RARE
            )
            generated = dict(generate(surface, subs, limit))
            for obs in seen:
                if obs not in generated:
                    generated[obs] = char_logprob(surface, obs, subs)
            trust = min(MAX_TRUST, total / (total + EMPIRICAL_PRIOR))
            for obs, clp in generated.items():
                p = trust * seen.get(obs, 0) / max(total, 1) + (1 - trust) * 10**clp
                if p > 0:
                    inverse[obs][sid] = math.log10(p)
        keyed: dict[str, bytes] = {}
        for obs, cands in inverse.items():
            ranked = sorted(cands.items(), key=lambda kv: kv[1] + uni[kv[0]], reverse=True)[:PER_KEY]
            keyed[obs] = pack(ranked)
        tables[pattern] = keyed
    model.channels[name] = tables
    lower_total = {g: c for (g, pattern), c in gold_total.items() if pattern == "lower"}
    for obs, golds in merges.items():
        out = []
        for gold, c in golds.most_common(3):
            a, b = gold.split(" ", 1)
            if a in vocab and b in vocab:
                out.append(
                    (
                        vocab[a],
                        vocab[b],
                        round(math.log10(c / (lower_total.get(gold, 0) + EMPIRICAL_PRIOR)), 3),
                    )
                )
        if out:
            model.merges.setdefault(name, {})[obs] = out
    for obs, golds in splits.items():
        out2 = [
            (vocab[g], round(math.log10(c / (max(lower_total.get(g, 0), c) + EMPIRICAL_PRIOR)), 3))
            for g, c in golds.most_common(3)
            if g in vocab
        ]
        if out2:
            model.splits.setdefault(name, {})[obs] = out2


def compile_channels(model) -> None:
    """Candidate tables for every channel, and the marks-stripped index."""
    by_letters: dict[str, list[int]] = defaultdict(list)
    uni = model.lm.uni
    for syl in model.syllables:
        by_letters[strip_marks(syl)].append(model.lm.vocab[syl])
    model.by_letters = {k: sorted(v, key=lambda i: -uni[i]) for k, v in by_letters.items()}
    model.merges = {}
    model.splits = {}
    for name in CHANNELS:
        compile_channel(model, name)
