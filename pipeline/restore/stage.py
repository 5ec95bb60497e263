"""The restore stage: put back Vietnamese marks and mend OCR errors, line by line.

Lines of a page are read as one stream and cut into sentences (at . ; : ! ? and blank
lines) so context runs across line breaks; the output keeps the input's lines. Per page
source: "text" (legacy OCR without the Vietnamese model) → full restoration with the `eng`
channel; "ocr" (Tesseract `vie`) → the `vie` channel, which keeps the OCR's marks unless
context clearly says otherwise; "text_layer" → NFC only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Document, Line
from pipeline.restore import protect, store
from pipeline.restore.channel import char_logprob, skeletons, unpack
from pipeline.restore.decode import Edge, confidences, viterbi
from pipeline.restore.lm import COMMA, NUM, PUNCT, SYM, UNK
from pipeline.restore.tokenize import Token, mend_roman, tokenize
from pipeline.restore.vn import apply_case, canonical, case_pattern, is_syllable, nfc, strip_marks
from schemas.record import Flag

CHANNEL_WEIGHT = {"eng": 0.8, "vie": 1.0}
KEEP_LOGP = {"eng": -5.0, "vie": -1.5}
"""Channel log10 P of leaving a token as it is when it is no known syllable."""
CHANGE_LOGP = {"eng": 0.0, "vie": -1.0}
"""Extra cost of changing a capitalised token that already reads as a syllable: mostly names
(Sơn La, Phú Lương Đông), where Tesseract `vie` is right far more often than the language
model, which has seen few of them, so context must win clearly (10×). Lower-case words keep
the learned confusion costs: measured on poor scans, a margin there blocks real mark fixes."""
FUZZY_BELOW = -2.5
FUZZY_EDIT_LOGP = -1.5
"""When no reading explains an observation better than FUZZY_BELOW, syllables within two
edits of its bare letters are candidates too, each edit costing FUZZY_EDIT_LOGP: OCR garbles
letters in ways no confusion table lists (niam for năm, dimg for đứng)."""
DIGIT_LETTERS = str.maketrans("0123456789@&$", "olzeasotbgaes")
"""The letter each digit or sign inside a word most often stands for, for the edit search."""
SHAPED_KEEP_PENALTY = -2.0
"""Extra cost of keeping a lower-case non-syllable whose bare letters form a syllable shape."""
IDENTITY_LOGP = -0.5
"""Channel log10 P, at least, of a marked token that is a known syllable being that syllable:
marks OCR could not have made up (an `eng` reading has no ô, ư, đ) mean the text was right."""
UNSEEN_MIN_LOGP = -9.0
JOIN_LOGP = -2.0
MAX_MERGES = 3
"""Channel log10 P of OCR splitting one syllable in two, or running two together."""
PRUNE = 2.5
MAX_CANDIDATES = 12
FLAG_BELOW = 0.5
UNKNOWN_CONF = 0.2
"""Confidence of a word left as read because no syllable explains it."""
MAX_FLAGS = 60
MODES = {"text": "eng", "ocr": "vie"}


@dataclass
class _Slot:
    line: int
    tok: int
    token: Token


@dataclass
class _Sentence:
    positions: list[list[Edge]] = field(default_factory=list)
    slots: dict[int, _Slot] = field(default_factory=dict)
    """Position index → the word token it reads."""


def candidates(model: store.RestoreModel, channel: str, core: str) -> list[Edge]:
    """Span-1 edges for one observed word (cached per channel, case pattern and form)."""
    raw_cache = _CACHE.setdefault((model.fingerprint, channel, "raw"), {})
    hit = raw_cache.get(core)
    if hit is not None:
        return hit
    key = nfc(core).casefold()
    pattern = case_pattern(core)
    cache = _CACHE.setdefault((model.fingerprint, channel, pattern), {})
    hit = cache.get(key)
    if hit is not None:
        raw_cache[core] = hit
        return hit
    lm = model.lm
    uni = lm.uni
    words = model.words
    lookup = canonical(key)
    tables = model.channels.get(channel, {})
    blob = tables.get(pattern, {}).get(lookup) or tables.get("lower", {}).get(lookup)
    found: dict[int, float] = dict(unpack(blob)) if blob else {}
    if not found:
        found = _unseen(model, channel, key, pattern)
    own = lm.vocab.get(lookup)
    if own is not None and key != strip_marks(key) and own in model.restorable_ids:
        # a marked syllable, however unlikely the channel finds its marks: read as written
        found[own] = max(found.get(own, IDENTITY_LOGP), IDENTITY_LOGP)
    if not found or max(found.values()) < FUZZY_BELOW:
        for sid, lp in _fuzzy(model, key).items():
            found[sid] = max(found.get(sid, lp), lp)
    if own is not None and own in found and CHANGE_LOGP[channel] and pattern == "title":
        found = {sid: lp if sid == own else lp + CHANGE_LOGP[channel] for sid, lp in found.items()}
    edges: list[Edge] = []
    if found:
        ranked = sorted(found.items(), key=lambda kv: kv[1] + uni[kv[0]], reverse=True)
        top = ranked[0][1] + uni[ranked[0][0]]
        for sid, lp in ranked[:MAX_CANDIDATES]:
            if lp + uni[sid] >= top - PRUNE:
                # the vie channel keeps the OCR's own spelling of a syllable it read right
                text = key if channel == "vie" and words[sid] == lookup else words[sid]
                edges.append((1, (sid,), lp, text))
    for a, b, lp in model.merges.get(channel, {}).get(key, ()):
        edges.append((1, (a, b), lp, f"{words[a]} {words[b]}"))
    if lookup not in lm.vocab and len(key) >= 4 and key.isalpha():
        edges.extend(_merged(model, channel, key, pattern))
    if lookup not in lm.vocab or not edges:
        keep = KEEP_LOGP[channel]
        if edges and pattern == "lower" and is_syllable(strip_marks(key)):
            keep += SHAPED_KEEP_PENALTY  # lower-case and shaped like a syllable: a damaged one
        edges.append((1, (UNK,), keep, None))
    if len(cache) > 200_000:
        cache.clear()
        raw_cache.clear()
    cache[key] = raw_cache[core] = edges
    return edges


_CACHE: dict[tuple[str, str, str], dict] = {}


def _fuzzy(model: store.RestoreModel, key: str) -> dict[int, float]:
    """Syllables whose bare letters lie within two edits of the observation's (see FUZZY_BELOW)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    bare = strip_marks(key).translate(DIGIT_LETTERS)
    if not bare.isalpha() or len(bare) < 2:
        return {}
    found: dict[int, float] = {}
    for skeleton, dist, _ in process.extract(
        bare, model.letter_keys, scorer=Levenshtein.distance, score_cutoff=2, limit=8
    ):
        if skeleton[0] != bare[0] and dist > 1:
            continue
        for sid in model.by_letters[skeleton][:4]:
            found[sid] = max(found.get(sid, -99.0), FUZZY_EDIT_LOGP * max(1, dist))
    return found


def _unseen(model: store.RestoreModel, channel: str, key: str, pattern: str) -> dict[int, float]:
    """Candidates for an observation the tables do not hold: syllables whose bare letters
    match a likely reading of it, scored by the character model."""
    subs = model.char_subs.get(channel, {})
    words = model.words
    found: dict[int, float] = {}
    for sk in [strip_marks(key), *skeletons(key, model.inverse.get(channel, {}))]:
        for sid in model.by_letters.get(sk, ())[:MAX_CANDIDATES]:
            if sid not in found:
                lp = char_logprob(apply_case(words[sid], pattern), key, subs)
                if lp > UNSEEN_MIN_LOGP:
                    found[sid] = lp
    return found


def _lookup(
    model: store.RestoreModel, channel: str, key: str, pattern: str, limit: int = 2
) -> list[tuple[int, float]]:
    """The best table candidates of an observed key (no fallback search), cached."""
    cache = _CACHE.setdefault((model.fingerprint, channel, "lookup"), {})
    hit = cache.get((pattern, key))
    if hit is not None:
        return hit[:limit]
    tables = model.channels.get(channel, {})
    blob = tables.get(pattern, {}).get(key) or tables.get("lower", {}).get(key)
    uni = model.lm.uni
    found = sorted(unpack(blob), key=lambda kv: kv[1] + uni[kv[0]], reverse=True)[:3] if blob else []
    cache[(pattern, key)] = found
    return found[:limit]


def _merged(model: store.RestoreModel, channel: str, key: str, pattern: str) -> list[Edge]:
    """Edges reading one observed token as two syllables OCR ran together (cáchhành)."""
    words = model.words
    out: list[Edge] = []
    for k in range(2, len(key) - 1):
        left = _lookup(model, channel, key[:k], pattern)
        right = _lookup(model, channel, key[k:], "lower" if pattern == "title" else pattern)
        for a, lpa in left:
            for b, lpb in right:
                out.append((1, (a, b), lpa + lpb + JOIN_LOGP, f"{words[a]} {words[b]}"))
    return sorted(out, key=lambda e: e[2], reverse=True)[:MAX_MERGES]


def _fixed(token_id: int) -> list[Edge]:
    return [(1, (token_id,), 0.0, None)]


def _sentences(model: store.RestoreModel, channel: str, lines: list[list[Token]]) -> list[_Sentence]:
    """Cut the token stream into sentences of lattice positions."""
    vocab = model.lm.vocab
    out: list[_Sentence] = []
    cur = _Sentence()

    def close() -> None:
        nonlocal cur
        if cur.positions:
            out.append(cur)
        cur = _Sentence()

    for li, toks in enumerate(lines):
        if not toks:
            close()
            continue
        for ti, tok in enumerate(toks):
            if tok.kind == "punct":
                if any(c in ".;:!?" for c in tok.prefix):
                    close()
                elif cur.positions:
                    cur.positions.append(_fixed(COMMA if "," in tok.prefix else PUNCT))
                continue
            if tok.prefix:
                cur.positions.append(_fixed(PUNCT))
            if tok.kind == "word":
                cur.slots[len(cur.positions)] = _Slot(li, ti, tok)
                cur.positions.append(candidates(model, channel, tok.core))
            elif tok.kind == "num":
                cur.positions.append(_fixed(NUM))
            elif tok.kind == "acronym":
                cur.positions.append(_fixed(vocab.get(protect.mend_acronym(tok.core), SYM)))
            else:
                cur.positions.append(_fixed(SYM))
            if tok.suffix:
                if tok.ends_sentence:
                    close()
                else:
                    cur.positions.append(_fixed(COMMA if "," in tok.suffix else PUNCT))
    close()
    _add_splits(model, channel, lines, out)
    return out


def _add_splits(
    model: store.RestoreModel, channel: str, lines: list[list[Token]], sentences: list[_Sentence]
) -> None:
    """Edges covering two observed tokens that OCR split out of one syllable: learned
    splits, and short pairs whose joined form the tables read as one (nhi ém → nhiệm)."""
    splits = model.splits.get(channel, {})
    for sent in sentences:
        for pos, slot in sent.slots.items():
            nxt = sent.slots.get(pos + 1)
            if nxt is None or nxt.line != slot.line or slot.token.suffix or nxt.token.prefix:
                continue
            first, second = slot.token.core.casefold(), nxt.token.core.casefold()
            extra = [(2, (sid,), lp, model.words[sid]) for sid, lp in splits.get(f"{first} {second}", ())]
            if len(first) + len(second) <= 8:
                joined = canonical(first + second)
                pattern = case_pattern(slot.token.core)
                extra += [
                    (2, (sid,), lp + JOIN_LOGP, model.words[sid])
                    for sid, lp in _lookup(model, channel, joined, pattern)
                ]
            if extra:
                sent.positions[pos] = [*sent.positions[pos], *extra]


def _render(token: Token, text: str | None) -> str:
    if token.kind == "word":
        if text is None:
            core = token.core
        else:
            pattern = case_pattern(token.core)
            core = " ".join(
                apply_case(w, pattern if (k == 0 or pattern == "upper") else "lower")
                for k, w in enumerate(text.split())
            )
    elif token.kind == "symbol":
        core = protect.mend_symbol(token.core)
    elif token.kind == "acronym":
        core = protect.mend_acronym(token.core)
    elif token.kind == "marker":
        core = mend_roman(token.core)
    else:
        core = token.core
    return f"{token.prefix}{core}{token.suffix}"


def restore_lines(texts: list[str], mode: str = "text") -> list[tuple[str, list[float]]]:
    """Restored text and per-token confidences for consecutive lines of one page."""
    texts = [nfc(t) for t in texts]
    if mode not in MODES:
        return [(t, [1.0] * len(t.split())) for t in texts]
    channel = MODES[mode]
    model = store.load()
    lines = [tokenize(t) for t in texts]
    outputs: dict[tuple[int, int], tuple[str | None, float]] = {}
    dropped: set[tuple[int, int]] = set()
    weight = CHANNEL_WEIGHT[channel]
    for sent in _sentences(model, channel, lines):
        path = viterbi(model.lm, sent.positions, weight)
        confs = confidences(model.lm, sent.positions, path, weight)
        pos = 0
        for edge, conf in zip(path, confs, strict=True):
            slot = sent.slots.get(pos)
            if slot is not None:
                if edge[3] is None:
                    conf = min(conf, UNKNOWN_CONF)
                outputs[(slot.line, slot.tok)] = (edge[3], conf)  # type: ignore[assignment]
                if edge[0] == 2:
                    nxt = sent.slots[pos + 1]
                    dropped.add((nxt.line, nxt.tok))
            pos += edge[0]
    result = []
    for li, toks in enumerate(lines):
        parts: list[str] = []
        confs: list[float] = []
        for ti, tok in enumerate(toks):
            if (li, ti) in dropped:
                continue
            text, conf = outputs.get((li, ti), (None, 1.0))
            rendered = _render(tok, text)
            chunks = [round(conf, 4)] * len(rendered.split())
            if tok.glued and parts:  # tháng/lần stays one chunk: its confidence is the lower one
                parts[-1] += rendered
                if confs and chunks:
                    confs[-1] = min(confs[-1], chunks.pop(0))
            else:
                parts.append(rendered)
            confs.extend(chunks)
        result.append((" ".join(parts), confs))
    return result


def _page_sources(doc: Document) -> dict[int, str]:
    return {p.number: p.source for p in doc.pages}


def restore(doc: Document) -> Document:
    """Restore every line of the document (see the module docstring) and flag doubtful spans."""
    sources = _page_sources(doc)
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(doc.lines):
        by_page.setdefault(line.page, []).append(i)
    flags: list[Flag] = []
    for page, indexes in by_page.items():
        mode = sources.get(page, "text")
        restored = restore_lines([doc.lines[i].raw for i in indexes], mode)
        for i, (text, confs) in zip(indexes, restored, strict=True):
            line = doc.lines[i]
            line.text = text
            line.syllable_conf = confs
            flags.extend(_flags(line))
    flags.sort(key=lambda f: f.confidence or 0.0)
    for flag in sorted(flags[:MAX_FLAGS], key=lambda f: f.page or 0):
        doc.flag(flag)
    return doc


def _flags(line: Line) -> list[Flag]:
    """One flag per run of adjacent low-confidence tokens."""
    out = []
    toks = line.text.split()
    run: list[int] = []
    for k, conf in enumerate([*line.syllable_conf, 1.0]):
        if conf < FLAG_BELOW and k < len(toks) and any(c.isalpha() for c in toks[k]):
            run.append(k)
            continue
        if run:
            value = " ".join(toks[run[0] : run[-1] + 1])
            low = min(line.syllable_conf[j] for j in run)
            out.append(
                Flag(
                    field="text",
                    value=value,
                    reason="low_restore_confidence",
                    confidence=round(low, 4),
                    page=line.page,
                    box=line.box,
                )
            )
            run = []
    return out
