"""Errors that end one input's conversion with a one-line message for the manifest."""


class InputError(Exception):
    """The input cannot be converted; the message says why in one line."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())
