"""Joint decoding of one sentence: beam Viterbi over a lattice of candidate edges.

A sentence is a list of positions (observed tokens). Each position offers edges
``(span, ids, channel_logp, payload)``: the edge covers `span` observed tokens (2 when OCR
split a syllable) and emits the syllable ids `ids` (2 when OCR merged two syllables) to the
trigram LM. The score of a path is ``channel_weight * Σ channel + Σ LM``. Confidence of a
chosen edge is its share of the local score among the edges it competed with, with the
chosen neighbours held fixed.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.restore.lm import BOS, EOS, K1, LM

Edge = tuple[int, tuple[int, ...], float, object]

_decode: ModuleType | None
try:
    from pipeline.restore import _decode  # type: ignore[attr-defined]
except ImportError:  # not built (no C compiler at setup): the Python version, same results
    _decode = None


def viterbi(
    lm: LM, positions: list[list[Edge]], channel_weight: float = 1.0, beam: int = 8, margin: float = 2.5
) -> list[Edge]:
    """The best edge sequence through the lattice (one edge per covered position): the C
    version when it is built (pipeline/restore/_decode.c), else `viterbi_py`; same results."""
    if _decode is None:
        return viterbi_py(lm, positions, channel_weight, beam, margin)
    return _decode.viterbi(
        lm.tri, lm.bi, lm.bow1, lm.bow2, lm.uni, positions, channel_weight, beam, margin, K1, BOS, EOS
    )


def viterbi_py(
    lm: LM, positions: list[list[Edge]], channel_weight: float = 1.0, beam: int = 8, margin: float = 2.5
) -> list[Edge]:
    """`viterbi` in Python: the reference the C version follows step for step.

    A state is the packed history ``a * K1 + b``; extending it by ``c`` gives the state
    ``b * K1 + c``, which is also the bigram key, so the inner loop allocates nothing.
    """
    tri, bi, bow1, bow2, uni = lm.tri, lm.bi, lm.bow1, lm.bow2, lm.uni
    n = len(positions)
    # best[i]: state -> (score, previous position, previous state, edge)
    best: list[dict[int, tuple[float, int, int, Edge | None]]] = [{} for _ in range(n + 1)]
    best[0][BOS * K1 + BOS] = (0.0, -1, -1, None)
    for i in range(n):
        states = best[i]
        if not states:
            continue
        if len(states) > 1:
            floor = max(states.values())[0] - margin
            items = [(k, v[0]) for k, v in states.items() if v[0] > floor]
            if len(items) > beam:
                items.sort(key=lambda kv: kv[1], reverse=True)
                del items[beam:]
        else:
            items = [(k, v[0]) for k, v in states.items()]
        singles = []
        multis = []
        for edge in positions[i]:
            span, ids, ch, _ = edge
            j = i + span
            if j > n:
                continue
            if len(ids) == 1:
                singles.append((ids[0], channel_weight * ch, edge, best[j]))
            else:
                multis.append(edge)
        for state, score in items:
            b = state % K1
            hk = state * K1
            bk = b * K1
            bw2 = bow2.get(state)
            bw1 = bow1.get(b)
            if bw2 is not None:  # the history was seen: trigrams, then bigrams, then unigrams
                bw1 = bw2 + (bw1 or 0.0)
                for c, wch, edge, target in singles:
                    p = tri.get(hk + c)
                    if p is None:
                        p = bi.get(bk + c)
                        p = bw2 + p if p is not None else bw1 + uni[c]
                    total = score + wch + p
                    nxt = bk + c
                    old = target.get(nxt)
                    if old is None or total > old[0]:
                        target[nxt] = (total, i, state, edge)
            elif bw1 is not None:  # only its last word was: no trigram can match
                for c, wch, edge, target in singles:
                    p = bi.get(bk + c)
                    total = score + wch + (p if p is not None else bw1 + uni[c])
                    nxt = bk + c
                    old = target.get(nxt)
                    if old is None or total > old[0]:
                        target[nxt] = (total, i, state, edge)
            else:  # an unseen word: unigrams alone
                for c, wch, edge, target in singles:
                    total = score + wch + uni[c]
                    nxt = bk + c
                    old = target.get(nxt)
                    if old is None or total > old[0]:
                        target[nxt] = (total, i, state, edge)
            for edge in multis:
                span, ids, ch, _ = edge
                total = score + channel_weight * ch
                x, y = state // K1, b
                for c in ids:  # edges of two syllables are few: no need to inline the lookup
                    total += lm.score(x, y, c)
                    x, y = y, c
                target = best[i + span]
                nxt = x * K1 + y
                old = target.get(nxt)
                if old is None or total > old[0]:
                    target[nxt] = (total, i, state, edge)
    # close the sentence
    final_best = None
    for state, (score, _, _, _) in best[n].items():
        total = score + lm.score(state // K1, state % K1, EOS)
        if final_best is None or total > final_best[0]:
            final_best = (total, state)
    if final_best is None:
        return []
    path: list[Edge] = []
    pos, state = n, final_best[1]
    while pos > 0:
        _, prev_pos, prev_state, came_by = best[pos][state]
        assert came_by is not None  # only the start state has no edge, and pos > 0
        path.append(came_by)
        pos, state = prev_pos, prev_state
    path.reverse()
    return path


def confidences(
    lm: LM,
    positions: list[list[Edge]],
    path: list[Edge],
    channel_weight: float = 1.0,
    max_alternatives: int = 3,
) -> list[float]:
    """Per chosen edge, its posterior share among the same-span edges at its position: the C
    version when it is built, else `confidences_py`; same results."""
    if _decode is None:
        return confidences_py(lm, positions, path, channel_weight, max_alternatives)
    return _decode.confidences(
        lm.tri, lm.bi, lm.bow1, lm.bow2, lm.uni, positions, path, channel_weight, max_alternatives, K1, BOS, EOS
    )


def confidences_py(
    lm: LM,
    positions: list[list[Edge]],
    path: list[Edge],
    channel_weight: float = 1.0,
    max_alternatives: int = 3,
) -> list[float]:
    """`confidences` in Python: the reference the C version follows step for step."""
    emitted = [BOS, BOS]
    starts = []
    for edge in path:
        starts.append(len(emitted))
        emitted.extend(edge[1])
    emitted.append(EOS)
    out = []
    pos = 0
    tri, bi, bow1, bow2, uni = lm.tri, lm.bi, lm.bow1, lm.bow2, lm.uni
    for k, edge in enumerate(path):
        here = positions[pos]
        span = edge[0]
        pos += span
        if len(here) == 1:
            out.append(1.0)
            continue
        alts = []
        for e in here:
            if e[0] == span:
                alts.append(e)
                if len(alts) == max_alternatives:
                    break
        if not any(e is edge for e in alts):
            alts.append(edge)
        if len(alts) == 1:
            out.append(1.0)
            continue
        s = starts[k]
        left_a, left_b = emitted[s - 2], emitted[s - 1]
        right = emitted[s + len(edge[1])]
        top = -1e30
        scores = []
        chosen = 0.0
        for alt in alts:
            a, b = left_a, left_b
            total = channel_weight * alt[2]
            for c in (*alt[1], right):
                h = a * K1 + b
                p = tri.get(h * K1 + c)
                if p is None:
                    p = bi.get(b * K1 + c)
                    p = bow2.get(h, 0.0) + (p if p is not None else bow1.get(b, 0.0) + uni[c])
                total += p
                a, b = b, c
            scores.append(total)
            if total > top:
                top = total
            if alt is edge:
                chosen = total
        z = 0.0
        for x in scores:
            z += 10.0 ** (x - top)
        out.append(10.0 ** (chosen - top) / z)
    return out
