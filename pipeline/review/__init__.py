"""`vanthu review OUT`: a local web app where archivists check flagged fields against the page.

Importing this package is cheap (the batch imports its store through pipeline.corrections);
the web stack is loaded by `serve` only.
"""

from __future__ import annotations

from pathlib import Path


def serve(out: Path, host: str = "127.0.0.1", port: int = 8765, user: str = "archivist",
          token: str | None = None) -> None:
    """Serve the review app for OUT until interrupted; prints its address first."""
    from pipeline.review.server import serve as run

    run(out, host, port, user, token)


__all__ = ["serve"]
