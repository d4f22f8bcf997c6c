"""How readers report bad input: one ``ReadError`` per problem, never an exception.

A batch of thousands of files must not stop at the first broken one, so readers
raise ``InputError`` internally and ``read()`` turns it into a ``ReadError``
value that the caller prints as one line and counts.
"""

from __future__ import annotations

from dataclasses import dataclass

_CONTROL = {i: f"\\x{i:02x}" for i in range(32) if i != 9}
_CONTROL[0x7F] = "\\x7f"


def one_line(text: str) -> str:
    """``text`` with control characters escaped: file names and messages are hostile."""
    return str(text).translate(_CONTROL)


@dataclass(frozen=True)
class ReadError:
    """One problem with one input, located as precisely as the reader knows."""

    origin: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = one_line(self.origin)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {one_line(self.message)}"


class InputError(ValueError):
    """Raised by a reader for bad input; ``read()`` turns it into a ``ReadError``."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def at(self, origin: str) -> ReadError:
        return ReadError(origin=origin, line=self.line, message=self.message)
