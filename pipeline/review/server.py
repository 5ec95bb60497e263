"""Run the review app with uvicorn on a socket bound here, so the printed address is the real one."""

from __future__ import annotations

import socket
from pathlib import Path

import uvicorn

from pipeline.review.app import create_app
from pipeline.review.security import check_bind, is_loopback


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(out: Path, host: str, port: int, user: str, token: str | None) -> None:
    """Serve until interrupted. Raises ValueError for a non-loopback host without a token."""
    check_bind(host, token)
    if not (out / "json").is_dir():
        raise ValueError(f"{out} holds no records (no json/ folder): run `vanthu convert` first")
    app = create_app(out, user=user, token=token, local=is_loopback(host))
    sock = bind(host, port)
    print(f"vanthu review: {address_of(sock)}" + (" (add ?token=… once)" if token else ""), flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            proxy_headers=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()

