"""The review pages in a real Chromium (Debian's /usr/bin/chromium, driven by playwright)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import uvicorn
from test_review_app import EVIL, SCAN, TXT, build_out

from pipeline.corrections import refresh
from pipeline.review.app import create_app
from pipeline.review.server import address_of, bind
from pipeline.state import RunState

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


class Live:
    """The review app for OUT served by uvicorn in a thread, on a free loopback port."""

    def __init__(self, out: Path, user: str) -> None:
        self.sock = bind("127.0.0.1", 0)
        self.url = address_of(self.sock).rstrip("/")
        config = uvicorn.Config(create_app(out, user=user), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("these tests need Debian's chromium: apt-get install chromium (make setup does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    return build_out(tmp_path / "out")


@pytest.fixture()
def lan(out: Path) -> Iterator[Live]:
    live = Live(out, "lan")
    yield live
    live.stop()


def new_page(browser: object) -> object:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append("dialog: " + dialog.message), dialog.dismiss()))
    return page


def field_shown(page: object) -> str:
    return page.inner_text("#field")


def test_a_field_corrected_with_the_keyboard_reaches_the_parquet(browser: object, lan: Live, out: Path) -> None:
    page = new_page(browser)
    page.goto(f"{lan.url}/queue?doc={SCAN}")
    assert field_shown(page) == "number" and page.evaluate("document.activeElement.id") == "value"
    page.keyboard.type("12/KH-UBND")  # the value is selected on arrival: typing replaces it
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert field_shown(page) == "signer.name"
    assert "done 1 / 3" in page.inner_text("#progress").replace("\n", " ")
    with page.expect_navigation():
        page.keyboard.press("Alt+ArrowLeft")
    assert field_shown(page) == "number" and "12/KH-UBND" in page.inner_text("#current")
    with page.expect_navigation():
        page.keyboard.press("Alt+ArrowRight")
    assert field_shown(page) == "signer.name" and page.errors == []

    state = RunState(out)
    refresh(out, state.done_doc_ids(), state.manifest())
    state.close()
    con = duckdb.connect()
    assert con.execute(f"select number from '{out}/documents.parquet' where doc_id = ?", [SCAN]).fetchone() == (
        "12/KH-UBND",)
    provenance = con.execute(f"select field, value, original, corrected_by, stale from '{out}/corrections.parquet'")
    assert provenance.fetchall() == [("number", "12/KH-UBND", "12/KH-UBNP", "lan", False)]


def test_accept_reject_and_undo_from_the_keyboard(browser: object, lan: Live) -> None:
    page = new_page(browser)
    page.goto(f"{lan.url}/queue?doc={SCAN}&item={SCAN}:signer.name")
    with page.expect_navigation():
        page.keyboard.press("Alt+A")
    assert field_shown(page) == "issued_date"
    with page.expect_navigation():
        page.keyboard.press("Alt+R")  # rejected: the field is cleared
    page.goto(f"{lan.url}/queue?item={SCAN}:signer.name")
    assert "accept · lan" in page.inner_text("#current")
    with page.expect_navigation():
        page.keyboard.press("Alt+U")
    assert field_shown(page) == "signer.name" and "open" in page.inner_text("#current")
    page.goto(f"{lan.url}/doc/{SCAN}")
    audit = page.inner_text("table.history")
    assert "undo" in audit and "reject" in audit and "accept" in audit and page.errors == []


def test_script_in_ocr_text_is_shown_as_text_and_never_run(browser: object, lan: Live) -> None:
    page = new_page(browser)
    for url in (f"/queue?item={TXT}:title", f"/doc/{TXT}", "/queue"):
        page.goto(lan.url + url)
        assert page.evaluate("window.pwned") is None, url
    page.goto(f"{lan.url}/queue?item={TXT}:title")
    assert EVIL in page.inner_text("#original") and page.input_value("#value") == EVIL
    with page.expect_navigation():
        page.keyboard.press("Enter")  # accepted as read: the value goes through the form intact
    page.goto(f"{lan.url}/doc/{TXT}")
    assert EVIL in page.inner_text("#fields") and page.evaluate("window.pwned") is None
    assert page.errors == []


def test_the_second_archivist_to_save_a_field_resolves_a_conflict(browser: object, lan: Live, out: Path) -> None:
    minh = Live(out, "minh")
    try:
        first, second = new_page(browser), new_page(browser)
        first.goto(f"{lan.url}/queue?item={SCAN}:number")
        second.goto(f"{minh.url}/queue?item={SCAN}:number")
        first.fill("#value", "12/KH-UBND")
        with first.expect_navigation():
            first.press("#value", "Enter")
        second.fill("#value", "12/KH-UBNĐ")
        with second.expect_navigation():
            second.press("#value", "Enter")
        assert "12/KH-UBND" in second.inner_text("#theirs") and "lan" in second.inner_text("#theirs")
        assert "12/KH-UBNĐ" in second.inner_text("#yours")
        with second.expect_navigation():
            second.press("#value", "Enter")  # use mine, knowingly
        second.goto(f"{minh.url}/audit")
        rows = second.inner_text("#audit")
        assert rows.index("minh") < rows.index("lan") and "12/KH-UBNĐ" in rows
    finally:
        minh.stop()


def test_page_images_load_cropped_in_the_queue_and_marked_in_the_document(browser: object, lan: Live) -> None:
    page = new_page(browser)
    page.goto(f"{lan.url}/queue?item={SCAN}:number")
    page.wait_for_function("document.getElementById('crop').complete")
    size = page.evaluate("[document.getElementById('crop').naturalWidth, document.getElementById('crop').naturalHeight]")
    assert 0 < size[0] <= 600 and 0 < size[1] < 840
    page.goto(f"{lan.url}/doc/{SCAN}")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    assert page.evaluate("document.querySelector('.pages img').naturalWidth") == 600
