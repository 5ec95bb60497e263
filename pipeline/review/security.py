"""Who may talk to the review app, and how: loopback by default, a token otherwise, CSRF on POST.

- A non-loopback --host needs a token; the browser presents it once (?token=…) and then
  carries an HttpOnly cookie.
- On loopback, the Host header must name a loopback host (no DNS rebinding).
- Every browser gets a session cookie; a POST must carry `csrf` = HMAC(secret, session), and an
  Origin header, when sent, must be this server.
- Pages forbid inline script, framing and off-site anything (Content-Security-Policy).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

SESSION_COOKIE = "vanthu_session"
TOKEN_COOKIE = "vanthu_token"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise ValueError(f"--host {host} is reachable from other machines: give --token as well")


def _host_name(header: str) -> str:
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass
class Guard:
    """The app's security settings and checks."""

    local: bool
    token: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def _digest(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def csrf_for(self, request: Request) -> str:
        return self._digest("csrf:" + request.state.session)

    def check_csrf(self, request: Request, presented: str | None) -> None:
        if not presented or not hmac.compare_digest(presented, self.csrf_for(request)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")

    async def __call__(self, request: Request, call_next) -> Response:  # noqa: ANN001 - ASGI next
        refusal = self._refuse(request)
        if refusal is not None:
            return self._secure(refusal)
        new_session = None
        session = request.cookies.get(SESSION_COOKIE, "")
        if len(session) < 32 or not session.replace("-", "").replace("_", "").isalnum():
            session = new_session = secrets.token_urlsafe(32)
        request.state.session = session
        if self.token and request.cookies.get(TOKEN_COOKIE) != self._digest("token:" + self.token):
            presented = request.query_params.get("token", "")
            if not hmac.compare_digest(presented.encode(), self.token.encode()):
                return self._secure(PlainTextResponse("a token is needed: open the address with ?token=…", 401))
            query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, self._digest("token:" + self.token), httponly=True,
                                samesite="strict")
        else:
            response = await call_next(request)
        if new_session:
            response.set_cookie(SESSION_COOKIE, new_session, httponly=True, samesite="strict")
        return self._secure(response)

    def _refuse(self, request: Request) -> Response | None:
        host = request.headers.get("host", "")
        if self.local and not is_loopback(_host_name(host)):
            return PlainTextResponse("this review server answers on its loopback address only", 421)
        origin = request.headers.get("origin")
        if (request.method not in ("GET", "HEAD") and origin and origin != "null"
                and urlsplit(origin).netloc.lower() != host.lower()):
            return PlainTextResponse("cross-site request refused", 403)
        return None

    @staticmethod
    def _secure(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
