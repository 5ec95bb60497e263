"""The C decoder (pipeline/restore/_decode.c) gives exactly what the Python reference gives."""

from __future__ import annotations

import random
import shutil

import pytest

from pipeline.restore import decode, store
from pipeline.restore.lm import Counts, compile_kn, lm_tokens

TEXT = """cải cách hành chính là nhiệm vụ trọng tâm của năm.
tuyên truyền cải cách hành chính đến người dân và doanh nghiệp.
sở nội vụ chủ trì, phối hợp với các sở, ban, ngành thực hiện kế hoạch.
kinh phí thực hiện từ nguồn ngân sách nhà nước.
ủy ban nhân dân các huyện, thị xã, thành phố triển khai thực hiện."""

needs_c = pytest.mark.skipif(decode._decode is None, reason="C decoder not built")


def _small_lm():  # noqa: ANN202 - LM
    counts = Counts()
    counts.add(lm_tokens(TEXT))
    return compile_kn(counts)


def _lattice(rng: random.Random, ids: list[int], length: int) -> list[list[decode.Edge]]:
    """Random positions: one to six edges each, some covering two tokens or emitting two
    syllables, channel scores drawn from a few values so that ties happen."""
    positions = []
    for i in range(length):
        edges: list[decode.Edge] = []
        for _ in range(rng.randint(1, 6)):
            span = 2 if i + 1 < length and rng.random() < 0.15 else 1
            emitted = tuple(rng.choice(ids) for _ in range(2 if rng.random() < 0.1 else 1))
            edges.append((span, emitted, rng.choice([0.0, -0.5, -1.0, -1.0, -2.5]), f"e{i}.{len(edges)}"))
        positions.append(edges)
    return positions


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler on this machine")
def test_c_decoder_is_built_where_a_compiler_is():
    assert decode._decode is not None, "run `make setup` (scripts/build_accel.py)"


@needs_c
@pytest.mark.parametrize("which", ["small", "restore model"])
def test_c_and_python_decoders_agree_exactly(which: str):
    lm = _small_lm() if which == "small" else store.load().lm
    ids = sorted(lm.vocab.values())
    rng = random.Random(7)
    if which == "restore model":  # mostly syllables that occur together, so trigrams are hit
        ids = [lm.vocab[w] for line in TEXT.splitlines() for w in line.replace(",", "").rstrip(".").split()]
        ids += rng.sample(sorted(lm.vocab.values()), 40)
    for trial in range(300):
        positions = _lattice(rng, ids, rng.randint(1, 14))
        weight, beam, margin = rng.choice([(1.0, 8, 2.5), (0.8, 2, 1.0), (1.0, 1, 0.5)])
        path = decode.viterbi(lm, positions, weight, beam, margin)
        assert path == decode.viterbi_py(lm, positions, weight, beam, margin), trial
        assert decode.confidences(lm, positions, path, weight) == decode.confidences_py(
            lm, positions, path, weight
        ), trial


@needs_c
def test_c_decoder_rejects_a_malformed_edge_with_a_type_error():
    lm = _small_lm()
    with pytest.raises(TypeError):
        decode.viterbi(lm, [[(1, 5, 0.0, "not a tuple of ids")]])
    with pytest.raises(TypeError):
        decode.viterbi(lm, [[(1, (5,), 0.0)]])


@needs_c
def test_c_decoder_handles_an_empty_sentence():
    lm = _small_lm()
    assert decode.viterbi(lm, []) == decode.viterbi_py(lm, []) == []
    assert decode.confidences(lm, [], []) == []
