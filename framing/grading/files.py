"""Files grading writes for people: atomically, under names any file system takes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from framing.readers import csv_separator

__all__ = ["FORMULA_START", "HAND_MARK", "SCORE_MARK", "csv_separator", "file_name", "frame_csv", "plain_name",
           "read_utf8", "write_atomic"]

#: What a spreadsheet (Excel, LibreOffice) reads as the start of a formula in a CSV cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Marks around the parts of a feedback file that ``framing merge`` fills in (Markdown shows neither).
SCORE_MARK, HAND_MARK = "<!-- score -->", "<!-- graded by hand: {} -->"


def frame_csv(frame, lineterminator: str = "\n") -> bytes:
    """A table as CSV bytes for people: UTF-8 with a byte-order mark, from which Excel tells UTF-8 (and shows Arabic).

    >>> import pandas as pd
    >>> frame_csv(pd.DataFrame({"student": ["ليلى"], "total": [9.5]}))[:3] == "\ufeff".encode()
    True
    """
    return ("\ufeff" + frame.to_csv(index=False, lineterminator=lineterminator)).encode("utf-8", "backslashreplace")


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


def plain_name(name: str) -> str:
    """A student's name with what a spreadsheet would run as a formula taken off its start.

    Names become the ``student`` column of every CSV grading writes, which
    instructors open in Excel: ``=HYPERLINK(...)`` there would run.

    >>> plain_name("=HYPERLINK(1)"), plain_name("+-@Ali"), plain_name("ليلى حسن"), plain_name("=")
    ('HYPERLINK(1)', 'Ali', 'ليلى حسن', '_')
    """
    stripped = name.lstrip("".join(FORMULA_START) + " ")
    return stripped or ("_" if name else name)


def read_utf8(path) -> str:
    """A CSV written by grading, or saved by a spreadsheet, as text; a file that is not UTF-8 stops, saying what to do.

    A byte-order mark is dropped. The message names the file and the line of the first byte that is not UTF-8.
    """
    from framing.errors import FramingError

    path = Path(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FramingError(
            f"{path}, line {line}: not UTF-8 text, so its Arabic may already be lost. In Excel, save the file with "
            "File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice, choose the character set "
            "'Unicode (UTF-8)'.") from None


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
