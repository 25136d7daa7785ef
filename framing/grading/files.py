"""Files grading writes for people: atomically, under names any file system takes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["HAND_MARK", "SCORE_MARK", "file_name", "write_atomic"]

#: Marks around the parts of a feedback file that ``framing merge`` fills in (Markdown shows neither).
SCORE_MARK, HAND_MARK = "<!-- score -->", "<!-- graded by hand: {} -->"


def write_atomic(path, data: bytes) -> None:
    """Write bytes so that the file is either the old one or the new one, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def file_name(student: str) -> str:
    """A feedback file name for a student: one line, no folder, short enough for any file system.

    >>> file_name("alice"), file_name("a/b\\nc"), len(file_name("ب" * 300).encode())
    ('alice', 'a_b c', 111)
    """
    name = " ".join(student.replace("/", "_").replace("\0", "").split()) or "_"
    if name in (".", ".."):
        name = "_" + name
    if len(name.encode("utf-8", "backslashreplace")) > 100:
        digest = hashlib.sha256(student.encode("utf-8", "backslashreplace")).hexdigest()[:10]
        name = name.encode("utf-8", "backslashreplace")[:100].decode("utf-8", "ignore") + "-" + digest
    return name
