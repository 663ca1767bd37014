"""Writing exports to disk without ever clobbering a user's file.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "kl.tex"
>>> write_output("x", target)
PosixPath('...kl.tex')
>>> write_output("y", target)
Traceback (most recent call last):
...
FileExistsError: ...kl.tex already exists; pass force=True (--force) to overwrite it
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_output(content: str | bytes, path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` and return the path.

    Refuses with :class:`FileExistsError` when ``path`` exists, unless ``force``.  Without
    ``force`` the file is created exclusively (no race with another writer); with ``force`` it
    is written to a temporary file in the same directory and atomically renamed into place.
    """
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists; pass force=True (--force) to overwrite it")
    if not force:
        try:
            with open(target, "xb") as fh:
                fh.write(data)
        except FileExistsError as exc:
            raise FileExistsError(
                f"{target} already exists; pass force=True (--force) to overwrite it"
            ) from exc
        return target
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


__all__ = ["write_output"]
