"""Ingest: which inputs are documents, their pages, and the checks that refuse bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import InputError
from pipeline.ingest import discover, natural_key, open_document, sha256_of


def page_image(path: Path, size: tuple[int, int] = (400, 560)) -> Path:
    Image.new("L", size, 255).save(path)
    return path


def test_natural_order_puts_page_9_before_page_10() -> None:
    names = ["p10.png", "p9.png", "p1.png"]
    assert sorted(names, key=natural_key) == ["p1.png", "p9.png", "p10.png"]


def test_folder_of_page_images_is_one_document_in_natural_order(tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    folder.mkdir()
    for name in ("p10.png", "p9.png", "p2.jpg"):
        page_image(folder / name)
    (items,) = discover([folder])
    assert items.kind == "folder"
    opened = open_document(items, sha256_of(items))
    assert [p.path.name for p in opened.plans] == ["p2.jpg", "p9.png", "p10.png"]
    assert [p.number for p in opened.plans] == [1, 2, 3]
    assert opened.document.source.kind == "image"


def test_mixed_folder_is_searched_for_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    page_image(pages / "1.png")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    kinds = {item.path.name: item.kind for item in discover([tmp_path])}
    assert kinds == {"a.txt": "text", "pages": "folder"}


def test_multipage_tiff_is_one_document_with_a_page_per_frame(tmp_path: Path) -> None:
    frames = [Image.new("L", (300, 420), shade) for shade in (255, 200, 150)]
    path = tmp_path / "doc.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(150, 150))
    (item,) = discover([path])
    opened = open_document(item, sha256_of(item))
    assert [(p.number, p.index, p.dpi) for p in opened.plans] == [(1, 0, 150.0), (2, 1, 150.0), (3, 2, 150.0)]


def test_text_input_keeps_lines_and_splits_pages_at_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_text("KE HOACH\nTuyen truyen\n\fTrang hai\n", encoding="utf-8")
    (item,) = discover([path])
    document = open_document(item, sha256_of(item)).document
    assert document.source.pages == 2
    assert [(line.page, line.raw) for line in document.lines] == [
        (1, "KE HOACH"), (1, "Tuyen truyen"), (2, "Trang hai")]


def test_doc_id_comes_from_content_not_name(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Kế hoạch", encoding="utf-8")
    b.write_text("Kế hoạch", encoding="utf-8")
    items = discover([a, b])
    ids = {open_document(i, sha256_of(i)).document.doc_id for i in items}
    assert len(ids) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.odt", b"x", "unknown file type .odt"),
        ("a.txt", b"", "empty file"),
        ("a.txt", "Kế".encode("cp1258", errors="replace") + b"\xff", "not UTF-8 text"),
        ("a.jpg", b"\xff\xd8\xff\xe0 truncated", "unreadable image"),
    ],
)
def test_bad_files_raise_one_line_input_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = discover([path])
    with pytest.raises(InputError, match=message) as caught:
        open_document(item, sha256_of(item))
    assert "\n" not in str(caught.value)


def test_bad_page_in_a_folder_names_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    folder.mkdir()
    page_image(folder / "1.png")
    (folder / "2.png").write_bytes(b"garbage")
    (item,) = discover([folder])
    with pytest.raises(InputError, match="2.png: unreadable image"):
        open_document(item, sha256_of(item))


def pdf_with_pages(path: Path, pages: list[tuple[str, bool]]) -> Path:
    """A PDF with one page per (text, scanned): `text` in its text layer, and when `scanned` a
    page-wide image under it, as a scanner that adds a line of text leaves it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=12)
    for text, scanned in pages:
        pdf.add_page()
        if scanned:
            pdf.image(Image.new("L", (827, 1169), 235), x=0, y=0, w=210, h=297)
        if text:
            pdf.cell(text=text)
    pdf.output(str(path))
    return path


def test_pdf_pages_are_decided_one_by_one(tmp_path: Path) -> None:
    body = "Ke hoach tuyen truyen cai cach hanh chinh nam 2024 cua So Noi vu tinh Ha An"
    path = pdf_with_pages(tmp_path / "mixed.pdf", [(body, False), ("- Luu: VT;", False), ("", True),
                                                   ("Scanned by X", True), ("", False)])
    (item,) = discover([path])
    opened = open_document(item, sha256_of(item))
    assert [p.kind for p in opened.plans] == ["pdf_text", "pdf_text", "pdf_raster", "pdf_raster", "pdf_raster"]
    assert opened.document.source.kind == "scanned_pdf"
    assert opened.plans[2].dpi is not None  # the scan's resolution, for OCR


def test_short_last_page_of_a_born_digital_pdf_keeps_it_digital(tmp_path: Path) -> None:
    body = "Ke hoach tuyen truyen cai cach hanh chinh nam 2024 cua So Noi vu tinh Ha An"
    path = pdf_with_pages(tmp_path / "digital.pdf", [(body, False), ("- Luu: VT;", False)])
    (item,) = discover([path])
    opened = open_document(item, sha256_of(item))
    assert [p.kind for p in opened.plans] == ["pdf_text", "pdf_text"]
    assert opened.document.source.kind == "digital_pdf"


@pytest.mark.parametrize(
    ("chars", "garbage", "image_dpi", "usable"),
    [(1500, 0.0, None, True), (1500, 0.0, 300.0, True), (12, 0.0, None, True), (12, 0.0, 300.0, False),
     (0, 0.0, None, False), (1500, 0.5, None, False)],
)
def test_text_layer_usable(chars: int, garbage: float, image_dpi: float | None, usable: bool) -> None:
    from pipeline.ingest import text_layer_usable
    from pipeline.pdf import PageFact

    fact = PageFact(number=1, width=595.0, height=842.0, text_chars=chars, garbage_ratio=garbage,
                    image_dpi=image_dpi)
    assert text_layer_usable(fact) is usable
