"""The one exception type for unusable input.

Anything a user can get wrong (a missing file, an unknown column, an impossible parameter) raises
:class:`InputError`. The command line prints it as a single ``error: ...`` line and exits 2; the
notebooks let it surface as one readable message. Programming errors stay ordinary exceptions.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Input that cannot be used, with the file (if any) it concerns.

    Examples
    --------
    >>> str(InputError("missing column 'x'", file="a.csv"))
    "a.csv: missing column 'x'"
    >>> str(InputError("power must lie in (0, 1)"))
    'power must lie in (0, 1)'
    """

    def __init__(self, message: str, file: str | Path | None = None):
        self.message = message
        self.file = None if file is None else str(file)
        super().__init__(f"{self.file}: {message}" if self.file else message)
