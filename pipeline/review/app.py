"""The review web app: the queue, a document's fields, the audit trail, saves, and page images.

Pages are rendered on the server (Jinja2, autoescaped); review.js only adds keyboard shortcuts.
Images come only from OUT/pages/<doc_id>/<n>.jpg (see images.preview_file).
"""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.corrections import doc_key
from pipeline.review import images, paths
from pipeline.review.queue import Item, Library, build_queue, field_item, fields_of, item_of, items_of
from pipeline.review.security import Guard
from pipeline.review.store import Conflict, ReviewStore, fold
from pipeline.review.views import Filters, evidence, queue_view
from schemas.record import Record

HERE = Path(__file__).parent
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}


def create_app(out: Path, user: str, token: str | None = None, local: bool = True) -> FastAPI:
    """The app for OUT; decisions are saved under `user`."""
    out = out.resolve()
    library = Library(out)
    store = ReviewStore(out)
    guard = Guard(local=local, token=token)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda text: quote(str(text), safe="")
    app = FastAPI(title="vanthu review", docs_url=None, redoc_url=None, openapi_url=None)
    app.middleware("http")(guard)

    def page(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
        html = env.get_template(name).render(csrf=guard.csrf_for(request), user=user, out=str(out), **context)
        return HTMLResponse(html, status_code=status)

    def labels() -> dict[str, str]:
        return {r.doc_id: f"{Path(r.source.path).name} · {r.number or r.doc_id}" for r, _ in library.records()}

    def has_preview(record: Record, number: int | None) -> bool:
        return number is not None and images.preview_file(out, record.doc_id, number) is not None

    def item_page(request: Request, filters: Filters, want: str = "", after: str = "", error: str = "",
                  typed: str | None = None, status: int = 200) -> HTMLResponse:
        names = labels()
        view = queue_view(build_queue(library, store), filters, names, want, after)
        context: dict[str, object] = {"view": view, "filters": filters, "error": error, "typed": typed,
                                      "labels": names}
        item = view.current
        if item is not None:
            record, data = library.get(item.doc_id) or (None, None)
            if record is None:
                raise HTTPException(404, "that document is gone")
            context |= {"record": record, "item": item, "evidence": evidence(record, data, item,
                                                                            has_preview(record, item.page)),
                        "field_events": store.events_for(doc_key(record), item.key)}
        return page(request, "queue.html", status, **context)

    @app.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/queue", response_class=HTMLResponse)
    def queue(request: Request, doc: str = "", field: str = "", reason: str = "", item: str = "",
              after: str = "") -> HTMLResponse:
        return item_page(request, Filters(doc, field, reason), item, after)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str) -> HTMLResponse:
        got = library.get(doc_id) if images.DOC_ID.match(doc_id) else None
        if got is None:
            raise HTTPException(404, "no such document")
        record, data = got
        events = store.events_for(doc_key(record))
        ordered = sorted(items_of(record, data, events, library.flagged(doc_id)), key=lambda i: i.order)
        flagged = {i.key: i for i in ordered}
        states = fold(events)
        rows = list(flagged.values()) + [
            row for k in fields_of(data) if k not in flagged and (row := field_item(record, data, k, states))]
        pages = [p for p in record.pages if has_preview(record, p.number)]
        return page(request, "doc.html", record=record, rows=rows, pages=pages, events=events[::-1])

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, doc: str = "") -> HTMLResponse:
        events = [e for e in store.all_events() if not doc or e.doc_id == doc][::-1][:2000]
        return page(request, "audit.html", events=events, doc=doc)

    @app.post("/save")
    def save(request: Request, doc_id: str = Form(...), key: str = Form(...), version: int = Form(0),
             value: str = Form(""), action: str = Form("save"), back: str = Form("queue"), csrf: str = Form(""),
             f_doc: str = Form(""), f_field: str = Form(""), f_reason: str = Form("")) -> Response:
        guard.check_csrf(request, csrf)
        filters = Filters(f_doc, f_field, f_reason)
        got = library.get(doc_id) if images.DOC_ID.match(doc_id) else None
        item = item_of(library, store, doc_id, key) if got else None
        if got is None or item is None:
            raise HTTPException(404, "no such field")
        record, data = got
        typed = unicodedata.normalize("NFC", value).strip() or None
        stored, new_value = decide(item, action, typed)
        if stored in ("correct", "reject"):
            problem = invalid(data, key, new_value)
            if problem and back == "doc":
                raise HTTPException(422, problem)
            if problem:
                return item_page(request, filters, item.ident, error=problem, typed=value, status=422)
        result = store.save(doc_key(record), key, stored, new_value, item.original, version, user)
        if isinstance(result, Conflict):
            return page(request, "conflict.html", 409, item=item, record=record, conflict=result, mine=new_value,
                        action=stored, back=back, filters=filters)
        if back == "doc":
            return RedirectResponse(f"/doc/{doc_id}#f-{quote(key, safe='')}", status_code=303)
        stay = action == "undo"
        target = filters.query(**({"item": item.ident} if stay else {"after": item.ident}))
        return RedirectResponse(f"/queue?{target}", status_code=303)

    @app.get("/page/{doc_id}/{number}.jpg")
    def preview(doc_id: str, number: str) -> FileResponse:
        file = images.preview_file(out, doc_id, number)
        if file is None:
            raise HTTPException(404, "no such page image")
        return FileResponse(file, media_type="image/jpeg")

    @app.get("/page/{doc_id}/{number}/marked.jpg")
    def marked(doc_id: str, number: str) -> Response:
        record, file, scale = _page_of(doc_id, number)
        boxes = [f.box for f in record.flags if f.box and f.page == int(number)]
        return Response(images.render(file, boxes, scale, crop=False), media_type="image/jpeg")

    @app.get("/crop/{doc_id}/{number}.jpg")
    def crop(doc_id: str, number: str, key: str = "") -> Response:
        record, file, scale = _page_of(doc_id, number)
        found = item_of(library, store, doc_id, key)
        boxes = found.boxes if found and found.page == int(number) else []
        return Response(images.render(file, boxes, scale, crop=True), media_type="image/jpeg")

    def _page_of(doc_id: str, number: str) -> tuple[Record, Path, float | None]:
        file = images.preview_file(out, doc_id, number)
        got = library.get(doc_id) if file else None
        if file is None or got is None:
            raise HTTPException(404, "no such page image")
        scale = next((p.preview_scale for p in got[0].pages if p.number == int(number)), None)
        return got[0], file, scale

    @app.get("/static/{name}")
    def static(name: str) -> FileResponse:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        return FileResponse(HERE / "static" / name, media_type=STATIC[name])

    @app.exception_handler(StarletteHTTPException)
    def refused(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        html = env.get_template("error.html").render(status=exc.status_code, detail=str(exc.detail), user=user)
        return HTMLResponse(html, status_code=exc.status_code)

    return app


def decide(item: Item, action: str, typed: str | None) -> tuple[str, str | None]:
    """The stored action and value of a button press: save, accept, reject or undo."""
    if action == "undo":
        return "undo", None
    if action == "accept" or (action == "save" and not item.editable):
        return "accept", item.original
    if action == "reject" and item.editable:
        return "reject", None
    if action == "save":
        return ("accept" if typed == item.original and item.state.top is None else "correct"), typed
    raise HTTPException(400, f"cannot {action} this field")


def invalid(data: dict, key: str, value: str | None) -> str:
    """Why `value` cannot go into the record at `key` ("" when it can)."""
    trial = copy.deepcopy(data)
    try:
        paths.put(trial, key, value)
        Record.model_validate(trial)
    except paths.PathError as exc:
        return str(exc)
    except ValidationError as exc:
        first = exc.errors()[0]
        return f"{key}: {first['msg']}"
    return ""
