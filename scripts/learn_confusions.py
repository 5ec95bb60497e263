"""Learn OCR confusions: render our own Vietnamese text, OCR it, align syllables, count.

    python scripts/learn_confusions.py [--pages 120] [--jobs 2] [--seed 7]

Pages of text (the team's domain text in dictionaries/restore/, the VLSP text and the Viet74K
word list shipped with underthesea) are rendered with the Tinos font at 300 dpi, some of them
degraded (lower resolution, blur and noise, binarised like a fax, JPEG), and read with
`tesseract -l eng` and `-l vie`. Each OCR word is matched to the rendered syllables under its
box, which also finds split and merged syllables. Writes
dictionaries/restore/confusions_eng.tsv and confusions_vie.tsv (gold, observed, count).
Never run it on ../shared: those files only measure.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.restore import build  # noqa: E402
from pipeline.restore.tokenize import split_punct  # noqa: E402
from pipeline.restore.vn import is_syllable  # noqa: E402

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
FONTS = sorted(Path("/usr/share/fonts/truetype/croscore").glob("Tinos-*.ttf"))
DPI = 300
PAGE_W, PAGE_H = int(8.27 * DPI), int(11.69 * DPI)
MARGIN = int(0.8 * DPI)
OUT = ROOT / "dictionaries" / "restore"
KINDS = ("clean", "low", "blur", "fax", "jpeg", "thick", "thick", "thin", "harsh", "harsh")
"""Page conditions, drawn at random: photocopy-like thickening and harsh binarisation
garble marks the most, as in archived scans."""


def source_lines(rng: random.Random) -> list[str]:
    """Paragraph texts to render: domain text, VLSP sentences, dictionary words."""
    domain = [p.strip() for p in build.domain_text().split("\n") if len(p.split()) >= 3]
    vlsp = []
    for sent in build.vlsp_sentences():
        words = [w for w in sent if not w.startswith("<")]
        if len(words) >= 4:
            vlsp.append(" ".join(w if w != "," else "," for w in words).replace(" ,", ","))
    words = [w for w in build.viet74k_words() if all(is_syllable(s.lower()) for s in w.split())]
    rng.shuffle(words)
    lexicon = [", ".join(words[i : i + 8]) for i in range(0, min(len(words), 24000), 8)]
    rng.shuffle(vlsp)
    items = domain * 2 + vlsp[:4000] + lexicon
    rng.shuffle(items)
    return items


def restyle(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return text.upper()
    if roll < 0.20:
        return " ".join(w[:1].upper() + w[1:] for w in text.split())
    if roll < 0.30:
        return text[:1].upper() + text[1:]
    return text


def layout(paragraphs: list[str], font: ImageFont.FreeTypeFont) -> list[list[str]]:
    """Wrap paragraphs into page lines of words."""
    width = PAGE_W - 2 * MARGIN
    lines: list[list[str]] = []
    for para in paragraphs:
        cur: list[str] = []
        for word in para.split():
            trial = " ".join([*cur, word])
            if cur and font.getlength(trial) > width:
                lines.append(cur)
                cur = [word]
            else:
                cur.append(word)
        if cur:
            lines.append(cur)
    return lines


def render(lines: list[list[str]], font: ImageFont.FreeTypeFont, spacing: float) -> tuple[Image.Image, list]:
    """The page image and, per word, (line index, x0, x1, y0, y1, text)."""
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    boxes = []
    y = MARGIN
    step = int(font.size * spacing)
    for li, words in enumerate(lines):
        if y + step > PAGE_H - MARGIN:
            break
        text = " ".join(words)
        draw.text((MARGIN, y), text, font=font, fill=0)
        pos = 0
        for w in words:
            start = text.index(w, pos)
            x0 = MARGIN + font.getlength(text[:start])
            x1 = x0 + font.getlength(w)
            boxes.append((li, x0, x1, y, y + font.size, w))
            pos = start + len(w)
        y += step
    return img, boxes


def degrade(img: Image.Image, rng: random.Random) -> tuple[Image.Image, float]:
    """A degraded copy of the page and the factor its coordinates were scaled by."""
    kind = rng.choice(KINDS)
    scale = 1.0
    if kind == "low":
        scale = rng.choice([0.55, 0.67])
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
    elif kind == "blur":
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.6)))
        arr = np.asarray(img, dtype=np.float32) + np.random.default_rng(rng.randrange(1 << 30)).normal(
            0, 18, (img.height, img.width)
        )
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    elif kind == "fax":
        scale = 0.67
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
        img = img.filter(ImageFilter.GaussianBlur(0.7)).point(
            lambda v: 255 if v > rng.randint(120, 170) else 0
        )
    elif kind == "thick":
        scale = rng.choice([1.0, 0.67, 0.5])
        img = img.filter(ImageFilter.MinFilter(3))
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
        if rng.random() < 0.5:
            img = img.point(lambda v: 255 if v > rng.randint(130, 180) else 0)
    elif kind == "thin":
        img = img.filter(ImageFilter.MaxFilter(3))
    elif kind == "harsh":
        scale = 0.67
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.4))).point(
            lambda v: 255 if v > rng.randint(100, 190) else 0
        )
    elif kind == "jpeg":
        buf = io.BytesIO()
        img.filter(ImageFilter.GaussianBlur(0.6)).save(buf, "JPEG", quality=rng.randint(15, 35))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img, scale


def align(boxes: list, data: dict, scale: float) -> list[tuple[str, str]]:
    """(gold, observed) pairs: each OCR word matched to the rendered words under its box."""
    pairs = []
    ocr_words = []
    for i, text in enumerate(data["text"]):
        if not text.strip():
            continue
        x0 = data["left"][i] / scale
        x1 = x0 + data["width"][i] / scale
        y0 = data["top"][i] / scale
        y1 = y0 + data["height"][i] / scale
        ocr_words.append((x0, x1, (y0 + y1) / 2, text))
    by_gold: dict[int, list[int]] = {}
    by_ocr: dict[int, list[int]] = {}
    for oi, (ox0, ox1, oy, _) in enumerate(ocr_words):
        for gi, (_li, gx0, gx1, gy0, gy1, _w) in enumerate(boxes):
            if not (gy0 - 4 <= oy <= gy1 + 12):
                continue
            overlap = min(ox1, gx1) - max(ox0, gx0)
            if overlap > 0.5 * min(ox1 - ox0, gx1 - gx0):
                by_gold.setdefault(gi, []).append(oi)
                by_ocr.setdefault(oi, []).append(gi)
    seen: set[tuple[int, ...]] = set()
    for ois in by_gold.values():
        gis = sorted({g for oi in ois for g in by_ocr[oi]})
        ois = sorted({o for g in gis for o in by_gold.get(g, [])})
        key = tuple(gis)
        if key in seen or len(gis) > 2 or len(ois) > 2 or (len(gis) == 2 and len(ois) == 2):
            continue
        seen.add(key)
        gold = " ".join(split_punct(boxes[g][5])[1] for g in gis)
        obs = " ".join(split_punct(ocr_words[o][3])[1] for o in ois)
        if gold and obs:
            pairs.append((gold, obs))
    return pairs


def ocr_page(job: tuple[int, list[str], int]) -> dict[str, Counter]:
    index, paragraphs, seed = job
    rng = random.Random(seed * 1000 + index)
    font = ImageFont.truetype(str(rng.choice(FONTS)), size=int(rng.choice([11, 12, 13, 13, 14]) * DPI / 72))
    lines = layout([restyle(p, rng) for p in paragraphs], font)
    img, boxes = render(lines, font, rng.uniform(1.35, 1.6))
    img, scale = degrade(img, rng)
    out: dict[str, Counter] = {}
    langs = ("eng", "vie") if index % 2 == 0 else ("eng",)
    for lang in langs:
        data = pytesseract.image_to_data(
            img, lang=lang, config="--psm 6", output_type=pytesseract.Output.DICT
        )
        out[lang] = Counter(align(boxes, data, scale))
    return out


def usable(gold: str, obs: str) -> bool:
    syls = gold.lower().split()
    return 0 < len(syls) <= 2 and all(is_syllable(s) for s in syls) and len(obs) <= 2 * len(gold) + 2


TUNE = OUT / "tune"
TUNE_KINDS = ("thick", "harsh", "fax")


def tune_set() -> None:
    """OCR the held-out tune text (tune/tune_text.txt) under a few page conditions and write
    tune/eng_ocr.txt beside tune/eng_gold.txt, one paragraph a line."""
    paragraphs = [
        p
        for p in (ln.strip() for ln in (TUNE / "tune_text.txt").read_text(encoding="utf-8").splitlines())
        if p and not p.startswith("#")
    ]
    regular = next(f for f in FONTS if f.name == "Tinos-Regular.ttf")
    font = ImageFont.truetype(str(regular), size=int(13 * DPI / 72))
    lines, owner = [], []
    for pi, para in enumerate(paragraphs):
        wrapped = layout([para], font)
        lines.extend(wrapped)
        owner.extend([pi] * len(wrapped))
    per_page = int((PAGE_H - 2 * MARGIN) / (font.size * 1.5)) - 1
    ocr_out, gold_out = [], []
    for kind_index, kind in enumerate(TUNE_KINDS):
        rng = random.Random(kind_index)
        words_by_para: dict[int, list[tuple[float, float, str]]] = {}
        for start in range(0, len(lines), per_page):
            chunk = lines[start : start + per_page]
            img, boxes = render(chunk, font, 1.5)
            global KINDS  # noqa: PLW0603 - pick this page condition
            saved, KINDS = KINDS, (kind,)
            img, scale = degrade(img, rng)
            KINDS = saved
            data = pytesseract.image_to_data(
                img, lang="eng", config="--psm 6", output_type=pytesseract.Output.DICT
            )
            tops = sorted({(b[0], b[3], b[4]) for b in boxes})
            for i, text in enumerate(data["text"]):
                if not text.strip():
                    continue
                yc = (data["top"][i] + data["height"][i] / 2) / scale
                line = min(tops, key=lambda t: abs((t[1] + t[2]) / 2 - yc))
                para = owner[start + line[0]]
                words_by_para.setdefault(para, []).append((line[0], data["left"][i] / scale, text))
        for pi, para in enumerate(paragraphs):
            ocr_out.append(" ".join(w for _, _, w in sorted(words_by_para.get(pi, []))))
            gold_out.append(para)
    (TUNE / "eng_ocr.txt").write_text("\n".join(ocr_out) + "\n", encoding="utf-8")
    (TUNE / "eng_gold.txt").write_text("\n".join(gold_out) + "\n", encoding="utf-8")
    print(f"tune set: {len(ocr_out)} lines -> {TUNE / 'eng_ocr.txt'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--append", action="store_true", help="add to the counts already in the tables")
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder of the tables (default dictionaries/restore)"
    )
    parser.add_argument("--tune", action="store_true", help="only OCR the held-out tune text (see tune_set)")
    args = parser.parse_args(argv)
    if args.tune:
        tune_set()
        return 0
    rng = random.Random(args.seed)
    items = source_lines(rng)
    per_page = max(1, len(items) // args.pages)
    per_page = min(per_page, 40)
    jobs = [(i, items[i * per_page : (i + 1) * per_page], args.seed) for i in range(args.pages)]
    totals = {"eng": Counter(), "vie": Counter()}
    if args.append:
        for lang, pairs in totals.items():
            for r in csv_rows(args.out / f"confusions_{lang}.tsv"):
                pairs[(r[0], r[1])] += int(r[2])
    with ProcessPoolExecutor(args.jobs) as pool:
        for n, result in enumerate(pool.map(ocr_page, jobs), 1):
            for lang, pairs in result.items():
                totals[lang].update(pairs)
            if n % 10 == 0 or n == len(jobs):
                print(f"{n}/{len(jobs)} pages", flush=True)
                write(totals, args, n)
    return 0


def csv_rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    lines = [
        ln.split("\t")
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    return [r for r in lines[1:] if len(r) == 3]


def write(totals: dict[str, Counter], args: argparse.Namespace, pages: int) -> None:
    """Write the tables (also as a checkpoint while pages are still being read)."""
    for lang, pairs in totals.items():
        rows = Counter()
        for (gold, obs), c in pairs.items():
            gold = unicodedata.normalize("NFC", gold)
            obs = unicodedata.normalize("NFC", obs)
            if usable(gold, obs):
                rows[(gold, obs)] += c
        target = args.out / f"confusions_{lang}.tsv"
        with target.open("w", encoding="utf-8") as handle:
            handle.write(
                f"# Learned by scripts/learn_confusions.py (seed {args.seed}, {pages} pages{', appended' if args.append else ''}): tesseract -l {lang} on our own renders.\n"
            )
            handle.write("gold\tobserved\tcount\n")
            for (gold, obs), c in sorted(rows.items()):
                if "\t" not in obs:
                    handle.write(f"{gold}\t{obs}\t{c}\n")
        same = sum(c for (g, o), c in rows.items() if g == o)
        print(
            f"{lang}: {sum(rows.values())} pairs, {len(rows)} distinct, {same / max(1, sum(rows.values())):.3f} read exactly -> {target}"
        )


if __name__ == "__main__":
    sys.exit(main())
