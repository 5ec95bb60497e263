"""Errors that end one input's conversion with a one-line message for the manifest."""


class InputError(Exception):
    """The input cannot be converted; the message says why in one line."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


def one_line(exc: BaseException, limit: int = 160) -> str:
    """An exception's message on one line, at most `limit` characters: fit for the manifest."""
    return " ".join(str(exc).split())[:limit]
