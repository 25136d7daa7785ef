"""Reading corpus files: text, CSV/TSV, JSON Lines and YAML, with errors
that name the file and line at fault.

Every reader accepts UTF-8 with or without a byte-order mark and any line
ends (CRLF and CR become LF, as Python's text mode does).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from framing.errors import CorpusError

__all__ = ["read_text", "read_records", "Record", "csv_separator"]

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (a .docx, .xlsx or .zip file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document (.doc, .xls)",
    b"{\\rtf": "an RTF document",
}


def csv_separator(text: str) -> str:
    """The separator of a CSV a spreadsheet may have saved: the commonest of , ; and tab in its first line.

    >>> csv_separator("unit;coder;war_invasion\\nu1;amal;1"), csv_separator("a,b\\n1;2")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def read_text(path: Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file, or raise a :class:`CorpusError` saying where it is not.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.txt"
    >>> _ = p.write_bytes("سطر أول\\nغزو".encode("cp1256"))
    >>> read_text(p)
    Traceback (most recent call last):
    ...
    framing.errors.CorpusError: .../bad.txt, line 1: not UTF-8 (byte 0xd3 at byte 1 of the line). It decodes as Windows-1256 (Arabic Windows): re-save the file as UTF-8.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a folder, not a {what}.") from None
    except OSError as err:
        raise CorpusError(f"{path}: cannot read this {what}: {err.strerror}.") from None
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise CorpusError(
                f"{path}: this is {kind}, not plain text. Save it as UTF-8 text ({path.suffix or '.txt'}) first."
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        hint = " It may be UTF-16: re-save it as UTF-8." if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise CorpusError(
            f"{path}, line {line}: a NUL byte at byte {col} of the line: this looks like a binary file, "
            f"not UTF-8 text.{hint}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        hint = "Re-save the file as UTF-8."
        # Any bytes decode as Windows-1256: name it only when most of what is not ASCII comes
        # out as Arabic letters (a French Latin-1 file gives a few, from È Ê Ë and the like).
        wide = [ch for ch in data.decode("cp1256") if ord(ch) > 127]
        if wide and sum("\u0621" <= ch <= "\u064a" for ch in wide) >= 0.8 * len(wide):
            hint = "It decodes as Windows-1256 (Arabic Windows): re-save the file as UTF-8."
        else:
            try:
                data.decode("cp1252")
                hint = ("It decodes as Windows-1252 / Latin-1 (Western European: French, Spanish ...): "
                        "re-save the file as UTF-8.")
            except UnicodeDecodeError:
                pass
        raise CorpusError(
            f"{path}, line {line}: not UTF-8 (byte 0x{data[err.start]:02x} at byte {col} of the line). {hint}"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Record(dict):
    """One metadata or corpus row, remembering where it came from (``where``)."""

    where: str = ""


def _csv_records(path: Path, text: str, delimiter: str) -> list[Record]:
    # A whole article can exceed the csv module's default field limit (131,072
    # characters); the limit is global, so lift it for this read only.
    old_limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        return _csv_rows(path, text, delimiter)
    finally:
        csv.field_size_limit(old_limit)


def _csv_rows(path: Path, text: str, delimiter: str) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError(f"{path}: the file is empty; it needs a header line naming its columns.") from None
    header = [h.strip() for h in header]
    for i, h in enumerate(header):
        if not h:
            raise CorpusError(f"{path}, line 1: column {i + 1} of the header has no name.")
        if h in header[:i]:
            raise CorpusError(f"{path}, line 1: the header names column {h!r} twice.")
    records = []
    line = reader.line_num
    try:
        for row in reader:
            first_line = line + 1
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            where = f"{path}, line {first_line}"
            if len(row) != len(header):
                hint = (f"A text with a {delimiter!r} in it must be in double quotes."
                        if len(row) > len(header) else "Is a field missing?")
                raise CorpusError(
                    f"{where}: {len(row)} fields, but the header has {len(header)} "
                    f"({', '.join(header)}). {hint}"
                )
            rec = Record(zip(header, row))
            rec.where = where
            records.append(rec)
    except csv.Error as err:
        raise CorpusError(f"{path}, line {line + 1}: not valid CSV: {err}.") from None
    # A quote never closed swallows the rest of the file into one field: say so.
    last = "\n".join(text.split("\n")[first_line - 1:]) if records else ""
    try:
        for _ in csv.reader(io.StringIO(last, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        if "unexpected end of data" in str(err):
            raise CorpusError(
                f"{path}, line {first_line}: a double quote opened in this row is never closed, so the "
                f"rest of the file would be read as one field. Close the quote."
            ) from None
    return records


def _jsonl_records(path: Path, text: str) -> list[Record]:
    records = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}, line {n}: not valid JSON: {err.msg} (column {err.colno}).") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}, line {n}: each line must be a JSON object {{...}}, got {type(obj).__name__}.")
        rec = Record(obj)
        rec.where = f"{path}, line {n}"
        records.append(rec)
    return records


def _yaml_records(path: Path, text: str) -> list[Record]:
    import yaml

    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        problem = getattr(err, "problem", None) or str(err)
        context, cmark = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and cmark is not None:
            problem += f" ({context} that starts on line {cmark.line + 1})"
        raise CorpusError(f"{where}: not valid YAML: {problem}.") from None
    if isinstance(loaded, dict) and "documents" in loaded:
        loaded = loaded["documents"]
    if not isinstance(loaded, list):
        raise CorpusError(f"{path}: expected a list of documents (each a mapping of field: value).")
    records = []
    for n, obj in enumerate(loaded, start=1):
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}, document {n}: expected field: value pairs, got {type(obj).__name__}.")
        rec = Record(obj)
        label = obj.get("doc_id", obj.get("id"))
        # only an id that is one value names the document (a list or mapping is the error itself)
        named = label not in (None, "") and not isinstance(label, (dict, list))
        rec.where = f"{path}, document {n}" + (f" ({label})" if named else "")
        records.append(rec)
    return records


#: File endings :func:`read_records` understands.
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".yaml", ".yml")


def read_records(path: Path) -> list[Record]:
    """Read a CSV, TSV, JSON Lines or YAML file into records (dicts with ``.where``).

    >>> from framing.bundled import bundled_metadata_path
    >>> recs = read_records(bundled_metadata_path())
    >>> recs[0]["doc_id"], recs[0].where.endswith("document 1 (afp_fr_2023)")
    ('afp_fr_2023', True)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise CorpusError(
            f"{path}: cannot read a {suffix or 'suffix-less'} file as a table; "
            f"use one of {', '.join(TABLE_SUFFIXES)}."
        )
    text = read_text(path)
    if suffix in (".csv", ".tsv"):
        return _csv_records(path, text, "," if suffix == ".csv" else "\t")
    if suffix == ".jsonl":
        return _jsonl_records(path, text)
    return _yaml_records(path, text)
