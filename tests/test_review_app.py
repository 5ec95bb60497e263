"""The review app over HTTP: queue order and filters, escaping, CSRF, tokens, previews only from OUT."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw

from pipeline import export
from pipeline.review.app import create_app
from pipeline.review.security import check_bind
from pipeline.review.store import ReviewStore
from pipeline.state import RunState
from schemas.record import Flag, ManifestRow, PageInfo, Record, Signer, Source

ROOT = Path(__file__).resolve().parents[1]
SCAN_SHA = "0123456789abcdef" * 4
TXT_SHA = "fedcba9876543210" * 4
SCAN, TXT = SCAN_SHA[:16], TXT_SHA[:16]
SCALE = 0.3
NUMBER_BOX = (200.0, 300.0, 700.0, 360.0)
EVIL = "<script>window.pwned=1</script>Kế hoạch"
TXT_TEXT = f"UBND TỈNH HÀ AN\nSố: 7/KH-UBND Hà Lan, ngày 2 tháng 3 năm 2024\n{EVIL}\nTuyên truyền\nKT. CHỦ TỊCH"
SPAN = f"text[{TXT_TEXT.index('Hà Lan')}:{TXT_TEXT.index('Hà Lan') + 6}]"


def scan_record(sha: str = SCAN_SHA) -> Record:
    page = PageInfo(number=1, source="ocr", width=2000, height=2800, dpi=300, preview=f"pages/{sha[:16]}/1.jpg",
                    preview_scale=SCALE)
    return Record(
        doc_id=sha[:16], source=Source(path="scans/kh-12.pdf", sha256=sha, kind="scanned_pdf", pages=1),
        doc_type="Kế hoạch", number="12/KH-UBNP", place="Hà An", title="Tuyên truyền cải cách hành chính",
        signer=Signer(name="Nguyễn Văn Ann"), text="Số: 12/KH-UBNP\nHà An, ngày 06 tháng 5 năm 2024", pages=[page],
        flags=[
            Flag(field="number", value="12/KH-UBNP", reason="low_ocr_confidence", confidence=0.31, page=1,
                 box=NUMBER_BOX),
            Flag(field="signer.name", value="Nguyễn Văn Ann", reason="low_ocr_confidence", confidence=0.55, page=1,
                 box=(1200.0, 2400.0, 1800.0, 2460.0)),
            Flag(field="issued_date", value=None, reason="not_found", confidence=0.9, page=1),
        ],
    )


def text_record() -> Record:
    return Record(
        doc_id=TXT, source=Source(path="texts/kh-7.txt", sha256=TXT_SHA, kind="text", pages=1),
        number="7/KH-UBND", place="Hà Lan", title=EVIL, text=TXT_TEXT,
        pages=[PageInfo(number=1, source="text")],
        flags=[
            Flag(field="title", value=EVIL, reason="unparsed", confidence=0.2),
            Flag(field="text", value="Hà Lan", reason="low_restore_confidence", confidence=0.45, page=1),
            Flag(field="place", value="Hà Lan", reason="low_restore_confidence", confidence=0.6, page=1),
        ],
    )


def draw_preview(out: Path, doc_id: str) -> None:
    image = Image.new("RGB", (round(2000 * SCALE), round(2800 * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    for y in range(60, 800, 30):
        draw.rectangle((40, y, 560, y + 10), fill=(60, 60, 60))
    target = out / "pages" / doc_id / "1.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, quality=90)


def build_out(out: Path, records: list[Record] | None = None) -> Path:
    """An OUT folder as `vanthu convert` leaves it: JSON records, previews, run state."""
    records = records or [scan_record(), text_record()]
    state = RunState(out)
    for record in records:
        export.write_record(out, record)
        if record.pages and record.pages[0].preview:
            draw_preview(out, record.doc_id)
        state.record(ManifestRow(path=record.source.path, sha256=record.source.sha256, doc_id=record.doc_id,
                                 status="ok", pages=1))
    state.close()
    return out


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    return build_out(tmp_path / "out")


@pytest.fixture()
def client(out: Path) -> TestClient:
    return TestClient(create_app(out, user="lan"), base_url="http://127.0.0.1:8765")


def yellow_pixels(image: Image.Image) -> int:
    pixels = np.asarray(image.convert("RGB")).astype(int)
    red, blue = pixels[..., 0], pixels[..., 2]
    return int(((red > 150) & (blue < red - 60)).sum())


def keys_in_list(html: str) -> list[str]:
    return re.findall(r'<td><a href="/queue\?[^"]*">([^<]+)</a></td>', html)


def form_of(html: str) -> dict[str, str]:
    form = html[html.index('id="edit"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    fields.pop("action", None)
    return fields


def test_queue_lists_flags_least_confident_first_with_progress(client: TestClient) -> None:
    html = client.get("/queue").text
    assert keys_in_list(html) == ["title", "number", SPAN, "signer.name", "place", "issued_date"]
    assert re.search(r"done <strong>0</strong> / 6", html)
    assert '<code id="field">title</code>' in html


def test_queue_filters_by_document_field_and_reason(client: TestClient) -> None:
    assert keys_in_list(client.get(f"/queue?doc={SCAN}").text) == ["number", "signer.name", "issued_date"]
    assert keys_in_list(client.get("/queue?field=text").text) == [SPAN]
    assert keys_in_list(client.get("/queue?reason=low_ocr_confidence").text) == ["number", "signer.name"]


def test_ocr_text_is_escaped_everywhere(client: TestClient) -> None:
    for url in ("/queue", f"/doc/{TXT}", f"/queue?item={TXT}:{SPAN}"):
        html = client.get(url).text
        assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html, url
    assert "script-src 'self'" in client.get("/queue").headers["content-security-policy"]


def test_enter_saves_and_the_queue_moves_on(client: TestClient) -> None:
    html = client.get(f"/queue?item={SCAN}:number").text
    reply = client.post("/save", data={**form_of(html), "value": "12/KH-UBND", "action": "save"},
                        follow_redirects=False)
    assert reply.status_code == 303 and "after=" in reply.headers["location"]
    html = client.get(reply.headers["location"]).text
    assert f'<code id="field">{SPAN}</code>' in html and re.search(r"done <strong>1</strong> / 6", html)


def test_posts_without_the_csrf_token_or_from_another_site_are_refused(client: TestClient, out: Path) -> None:
    fields = form_of(client.get(f"/queue?item={SCAN}:number").text)
    assert client.post("/save", data={**fields, "csrf": "", "value": "x"}).status_code == 403
    assert client.post("/save", data={**fields, "csrf": "f" * 64, "value": "x"}).status_code == 403
    other = TestClient(create_app(out, user="eve"), base_url="http://127.0.0.1:8765")
    other.get("/queue")  # a session of its own: the first client's token is not its token
    assert other.post("/save", data={**fields, "value": "x"}).status_code == 403
    foreign = client.post("/save", data={**fields, "value": "x"}, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert ReviewStore(out).all_events() == []


def test_a_second_save_of_the_same_field_is_a_conflict_with_both_values(out: Path) -> None:
    lan = TestClient(create_app(out, user="lan"), base_url="http://127.0.0.1:8765")
    minh = TestClient(create_app(out, user="minh"), base_url="http://127.0.0.1:8765")
    seen_by_lan = form_of(lan.get(f"/queue?item={SCAN}:number").text)
    seen_by_minh = form_of(minh.get(f"/queue?item={SCAN}:number").text)
    assert lan.post("/save", data={**seen_by_lan, "value": "12/KH-UBND"}, follow_redirects=False).status_code == 303
    clash = minh.post("/save", data={**seen_by_minh, "value": "13/KH-UBND"})
    assert clash.status_code == 409
    assert "12/KH-UBND" in clash.text and "13/KH-UBND" in clash.text and "lan" in clash.text
    resolve = dict(re.findall(r'name="(\w+)" value="([^"]*)"', clash.text[clash.text.index('id="resolve"'):]))
    resolve.pop("action")
    assert minh.post("/save", data={**resolve, "action": "save"}, follow_redirects=False).status_code == 303
    audit = lan.get("/audit").text
    assert audit.index("minh") < audit.index("lan</td>")  # newest first, both kept


def test_a_value_the_field_cannot_take_is_refused_and_kept_in_the_input(client: TestClient) -> None:
    fields = form_of(client.get(f"/queue?item={SCAN}:issued_date").text)
    reply = client.post("/save", data={**fields, "value": "ngày 6 tháng 5"})
    assert reply.status_code == 422 and 'value="ngày 6 tháng 5"' in reply.text and 'id="error"' in reply.text
    fields = form_of(client.get(f"/queue?item={SCAN}:issued_date").text)
    assert client.post("/save", data={**fields, "value": "2024-05-06"}, follow_redirects=False).status_code == 303


def test_previews_come_only_from_out_pages(client: TestClient, out: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not for you")
    (out / "pages" / SCAN / "2.jpg").symlink_to(secret)
    (out / "pages" / "0000000000000000").symlink_to(tmp_path)
    (out / "inside.jpg").write_bytes(b"inside OUT but not a page")
    assert client.get(f"/page/{SCAN}/1.jpg").headers["content-type"] == "image/jpeg"
    for url in (f"/page/{SCAN}/2.jpg", "/page/0000000000000000/secret.jpg", f"/page/{SCAN}/..%2F..%2Finside.jpg",
                "/page/..%2F..%2Finside/1.jpg", f"/page/{SCAN}/%2E%2E%2F%2E%2E%2Finside.jpg",
                f"/page/{SCAN.upper()}/1.jpg", f"/page/{SCAN}/-1.jpg", f"/page/{SCAN}/1.jpg%00.png",
                "/static/..%2Fapp.py", "/static/%2E%2E%2Fstore.py", f"/crop/{SCAN}/2.jpg", "/page/../../etc/passwd",
                f"/page/{SCAN}/1/../../../inside.jpg"):
        reply = client.get(url)
        assert reply.status_code == 404 and b"not for you" not in reply.content, url
    assert client.get("/static/review.js").status_code == 200


def test_the_crop_shows_the_field_highlighted_and_the_whole_page_otherwise(client: TestClient) -> None:
    html = client.get(f"/queue?item={SCAN}:number").text
    src = re.search(r'<img id="crop" src="([^"]+)"', html).group(1).replace("&amp;", "&")
    crop = Image.open(io.BytesIO(client.get(src).content)).convert("RGB")
    assert crop.width < 2000 * SCALE and crop.height < 2800 * SCALE
    box_area = (NUMBER_BOX[2] - NUMBER_BOX[0]) * (NUMBER_BOX[3] - NUMBER_BOX[1]) * SCALE * SCALE
    assert yellow_pixels(crop) > box_area / 2  # the highlight, over white paper and grey lines
    assert yellow_pixels(Image.open(io.BytesIO(client.get(f"/page/{SCAN}/1.jpg").content))) == 0
    whole = client.get(f"/queue?item={SCAN}:issued_date").text
    assert f'<img id="crop" src="/page/{SCAN}/1.jpg"' in whole


def test_a_text_input_shows_the_lines_around_the_field(client: TestClient) -> None:
    html = client.get(f"/queue?item={TXT}:{SPAN}").text
    context = html[html.index('id="context"'):html.index("</pre>")]
    assert "UBND TỈNH HÀ AN\nSố: 7/KH-UBND <mark>Hà Lan</mark>, ngày 2 tháng 3 năm 2024\n" in context


def test_a_correction_made_before_a_new_scan_comes_back_as_stale(out: Path) -> None:
    client = TestClient(create_app(out, user="lan"), base_url="http://127.0.0.1:8765")
    fields = form_of(client.get(f"/queue?item={SCAN}:number").text)
    client.post("/save", data={**fields, "value": "12/KH-UBND"})
    rescanned = scan_record(sha="9" * 64)
    export.json_path(out, SCAN).unlink()
    build_out(out, [rescanned])
    html = client.get(f"/queue?doc={'9' * 16}").text
    assert "stale: source changed" in html and '<code id="field">number</code>' in html
    assert 'value="12/KH-UBND"' in html  # the archivist's value, offered to confirm


def test_a_non_local_server_needs_its_token(out: Path) -> None:
    with pytest.raises(ValueError, match="--token"):
        check_bind("0.0.0.0", None)
    check_bind("127.0.0.1", None)
    client = TestClient(create_app(out, user="lan", token="s3cret-token", local=False),
                        base_url="http://archive.example:8765")
    assert client.get("/queue").status_code == 401
    assert client.get(f"/page/{SCAN}/1.jpg").status_code == 401
    assert client.get("/queue?token=wrong").status_code == 401
    entry = client.get("/queue?token=s3cret-token&doc=" + SCAN, follow_redirects=False)
    assert entry.status_code == 303 and "token" not in entry.headers["location"]
    assert client.get(entry.headers["location"]).status_code == 200


def test_a_local_server_answers_only_to_loopback_host_names(client: TestClient) -> None:
    assert client.get("/queue", headers={"Host": "rebind.example:8765"}).status_code == 421
    assert client.get("/queue", headers={"Host": "localhost:8765"}).status_code == 200


def test_serve_prints_its_loopback_address_and_answers_there(out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = f"from pathlib import Path; from pipeline.review import serve; serve(Path({str(out)!r}), '127.0.0.1', 0, 'lan', None)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert address, line + proc.stderr.read() if proc.poll() is not None else line
        with urllib.request.urlopen(address.group(0) + "queue", timeout=30) as reply:
            assert reply.status == 200 and "title" in reply.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
