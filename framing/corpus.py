"""Loading a corpus: the bundled seed texts, or a corpus an instructor brings.

A corpus is a pandas DataFrame with one row per document and at least the
columns ``doc_id``, ``outlet`` and ``text`` (the text as printed). The
loader adds ``text_clean`` (the text without the lines the metadata marks as
page furniture, credit lines or captions) and ``furniture`` (the character
spans of those lines in ``text``). Every other metadata column is kept.

Three ways to bring a corpus (see :func:`load_corpus`):

* a CSV / TSV / JSON Lines file with a ``text`` column plus metadata;
* a folder of ``.txt`` files with one metadata table (``metadata.csv``,
  ``.tsv``, ``.jsonl``, ``.yaml``) that names each file in ``source_file``
  (default: ``<doc_id>.txt``);
* a metadata table and a folder given separately (``metadata=``).

A ``furniture`` field in the metadata lists lines of the text that are not
the article (in YAML a list, in CSV one line per line of the cell). Each
must be a whole line of the text, or loading stops and says which one.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from pathlib import Path

from framing.bundled import bundled_dir, bundled_metadata_path
from framing.display import as_table
from framing.errors import CorpusError
from framing.params import PathLike, Text, validate_params
from framing.readers import TABLE_SUFFIXES, Record, read_records, read_text
from framing.spans import remove_spans

__all__ = ["load_corpus"]

@validate_params({
    "path": [None, PathLike()], "metadata": [None, PathLike()], "text_column": [Text()], "id_column": [Text()],
    "outlet_column": [Text()],
})
def load_corpus(
    path=None,
    *,
    metadata=None,
    text_column: str = "text",
    id_column: str = "doc_id",
    outlet_column: str = "outlet",
):
    """Load the bundled seed corpus, or a corpus of your own.

    Parameters
    ----------
    path : str or Path, optional
        Nothing: the five bundled seed texts with their metadata.
        A ``.csv``, ``.tsv`` or ``.jsonl`` file: one document per row, with
        a ``text`` column. A folder: ``.txt`` files plus one metadata table
        in it (or given as ``metadata``).
    metadata : str or Path, optional
        The metadata table for a folder of ``.txt`` files, when it is not
        inside the folder.
    text_column, id_column, outlet_column : str
        Names of the text, id and outlet columns in your files, when they
        are not ``text``, ``doc_id`` and ``outlet``. They are renamed to
        those names in the result.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id``, ``outlet``, the other metadata
        columns in file order, then ``text``, ``text_clean`` and
        ``furniture``.

    Raises
    ------
    framing.CorpusError
        With the file, the line or row, and the problem: a file not in
        UTF-8 (with the line), a binary file, an empty document, a doc_id
        used twice, a missing ``doc_id`` / ``outlet`` / ``text`` column or
        value, a metadata row with no text file, a text file with no
        metadata row. Nothing is silently dropped.

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_corpus()
    >>> corpus[["doc_id", "outlet", "event", "date"]]
               doc_id      outlet             event        date
    0     afp_fr_2023  AFP-French  austin_visit_2023  2023-03-07
    1     afp_ar_2023  AFP-Arabic  austin_visit_2023  2023-03-07
    2    reuters_2023     Reuters  austin_visit_2023  2023-03-07
    3    unknown_2021     unknown   troops_dialogue     2021-03
    4  almonitor_2024  Al-Monitor   troops_dialogue  2024-07-22
    >>> "طومسون رويترز" in corpus.text[2], "طومسون رويترز" in corpus.text_clean[2]
    (True, False)
    """
    names = {"text": text_column, "doc_id": id_column, "outlet": outlet_column}
    if path is None and metadata is None:
        folder, meta_path = bundled_dir("seeds"), bundled_metadata_path()
    else:
        folder, meta_path = _resolve(path, metadata)
    if folder is None:
        records = read_records(meta_path)
        _require_columns(records, meta_path, [names["doc_id"], names["outlet"], names["text"]])
        for rec in records:
            rec[names["text"]] = _cell_text(rec, names["text"])
    else:
        records = read_records(meta_path)
        _require_columns(records, meta_path, [names["doc_id"], names["outlet"]])
        _attach_files(records, folder, meta_path, names)
    return _build_frame(records, meta_path, names)


def _resolve(path, metadata):
    if path is None:
        raise CorpusError("metadata= was given without a folder of texts: pass the folder as the first argument.")
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder.")
    if p.is_dir():
        if metadata is not None:
            m = Path(metadata)
            if not m.is_file():
                raise CorpusError(f"{m}: no such metadata file.")
            return p, m
        found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in TABLE_SUFFIXES)
        if len(found) != 1:
            what = "no metadata table" if not found else f"{len(found)} tables ({', '.join(q.name for q in found)})"
            todo = "Add one (e.g. metadata.csv with columns doc_id, outlet, source_file)" if not found else "Keep one"
            raise CorpusError(
                f"{p}: a folder of .txt files needs exactly one metadata table "
                f"({', '.join('*' + s for s in TABLE_SUFFIXES)}) naming each file, and it has {what}. "
                f"{todo}, or pass the table to use as metadata=."
            )
        return p, found[0]
    if metadata is not None:
        raise CorpusError(f"{p}: metadata= goes with a folder of .txt files, not with a single file.")
    if p.suffix.lower() == ".txt":
        raise CorpusError(
            f"{p}: a single .txt file has no metadata (outlet, date ...). Put the .txt files in a folder "
            f"with a metadata.csv (columns doc_id, outlet, source_file), or use a CSV with a text column."
        )
    return None, p


def _require_columns(records: list[Record], path: Path, required: list[str]) -> None:
    if not records:
        raise CorpusError(f"{path}: has no documents (only a header, or nothing).")
    seen = list(dict.fromkeys(k for r in records for k in r))
    for col in required:
        if col not in seen:
            hint = ""
            close = [c for c in seen if str(c).strip().casefold() == col.casefold() or str(c).casefold() in _ALIASES.get(col, ())]
            if close:
                hint = f" Did you mean {close[0]!r}? Pass {_ARG[col]}={close[0]!r}."
            elif len(seen) == 1 and "\t" in str(seen[0]):
                hint = (f" The header holds tabs: the file is tab-separated. Rename it {path.stem}.tsv "
                        "(a .csv file is read as comma-separated).")
            raise CorpusError(
                f"{path}: missing required column {col!r}. Its columns are: {', '.join(map(str, seen))}.{hint}"
            )


_ALIASES = {"doc_id": ("id", "docid", "document", "doc"), "outlet": ("source", "agency", "publisher", "newspaper"),
            "text": ("body", "content", "article")}
_ARG = {"doc_id": "id_column", "outlet": "outlet_column", "text": "text_column"}


def _cell_text(rec: Record, column: str) -> str:
    value = rec.get(column)
    if not isinstance(value, str):
        got = "nothing" if value is None else type(value).__name__
        raise CorpusError(f"{rec.where}: the {column!r} value must be text, got {got}.")
    return value.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _attach_files(records: list[Record], folder: Path, meta_path: Path, names: dict) -> None:
    # not hidden files: macOS writes ._name.txt beside each file copied to a USB stick or a zip
    # names compared composed (NFC): macOS and some zip tools write them decomposed
    files = {unicodedata.normalize("NFC", q.name): q for q in folder.iterdir()
             if q.is_file() and q.suffix.lower() == ".txt" and not q.name.startswith(".")}
    # a symbolic link in a loop, or to a file no longer there, is neither file nor folder
    broken = {unicodedata.normalize("NFC", q.name): q for q in folder.iterdir() if q.is_symlink() and not q.exists()}
    used: dict[str, str] = {}
    for rec in records:
        value = rec.get(names["doc_id"])
        doc_id = "" if value is None else str(value).strip()
        name = str(rec.get("source_file") or "").strip()
        if not name and not doc_id:
            raise CorpusError(f"{rec.where}: the {names['doc_id']!r} value is empty; every document needs one.")
        name = unicodedata.normalize("NFC", name or f"{doc_id}.txt")
        if name not in files and name in broken:
            raise CorpusError(
                f"{rec.where}: the text file {name!r} of document {doc_id!r} is a symbolic link that leads "
                f"nowhere (a loop, or its target was moved or deleted): {os.readlink(broken[name])!r}."
            )
        if name not in files:
            raise CorpusError(
                f"{rec.where}: document {doc_id!r} has no text file: {name!r} is not in {folder}."
            )
        if name in used:
            raise CorpusError(
                f"{rec.where}: the text file {name!r} is named by two metadata rows (first at {used[name]})."
            )
        used[name] = rec.where
        rec["source_file"] = name
        if rec.get(names["text"]) not in (None, ""):
            raise CorpusError(
                f"{rec.where}: this row has a {names['text']!r} value and a text file ({name}); "
                f"the text comes from the file, so remove the {names['text']!r} column from the metadata."
            )
        rec[names["text"]] = read_text(files[name])
    orphans = sorted(set(files) - set(used))
    if orphans:
        raise CorpusError(
            f"{folder}: {len(orphans)} text file(s) with no row in {meta_path.name}: {', '.join(orphans)}. "
            f"Add a row for each (doc_id, outlet, source_file) or move the file out of the folder."
        )
    others = sorted(
        q.name for q in folder.iterdir()
        if not q.name.startswith(".") and unicodedata.normalize("NFC", q.name) not in files
        and q.name not in broken and not _same_file(q, meta_path)
    )
    if others:
        warnings.warn(f"{folder}: not read (not .txt): {', '.join(others)}", stacklevel=3)
    if broken:
        warnings.warn(f"{folder}: not read (a symbolic link that leads nowhere): {', '.join(sorted(broken))}",
                      stacklevel=3)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # a link in a loop, or to nothing
        return False


# a letter or a digit: what every token has (tatweel and marks alone make none)
_WORD = re.compile(r"[^\W_\u0640]")


def _build_frame(records: list[Record], meta_path: Path, names: dict):
    import pandas as pd

    first_seen: dict[str, str] = {}
    rows = []
    for rec in records:
        row = {}
        for std, col in names.items():
            value = rec.get(col)
            if isinstance(value, (dict, list)):
                raise CorpusError(f"{rec.where}: the {col!r} value is a {'list' if isinstance(value, list) else 'mapping'} "
                                  f"({value!r:.40}); it must be one piece of text.")
            if std != "text":
                value = "" if value is None else str(value).strip()
                if not value:
                    raise CorpusError(f"{rec.where}: the {col!r} value is empty; every document needs one.")
            row[std] = value
        key = row["doc_id"].casefold()
        if key in first_seen:
            other, at = first_seen[key]
            same = "is used twice" if other == row["doc_id"] else (
                f"differs from {other!r} only by upper and lower case, which the kit's filters ignore")
            raise CorpusError(
                f"{rec.where}: doc_id {row['doc_id']!r} {same} (first at {at}); each document needs its own id."
            )
        first_seen[key] = (row["doc_id"], rec.where)
        text = row["text"]
        if not text.strip() or not _WORD.search(text):
            file = f" (file {rec['source_file']})" if "source_file" in rec else ""
            what = "is empty" if not text.strip() else (
                "has no word in it (only punctuation, tatweel or invisible characters)")
            raise CorpusError(f"{rec.where}: document {row['doc_id']!r}{file} {what}.")
        for key, value in rec.items():
            if key in names and names[key] != key:
                raise CorpusError(
                    f"{rec.where}: has both a {key!r} column and the {names[key]!r} column read as {key!r} "
                    f"({_ARG[key]}={names[key]!r}); rename or remove one of them."
                )
            if key not in names.values() and key not in ("furniture",):
                row[key] = value
        spans = _furniture_spans(text, rec.get("furniture"), rec, row["doc_id"])
        row["text_clean"] = remove_spans(text, spans)
        row["furniture"] = spans
        rows.append(row)
    frame = pd.DataFrame(rows)
    first = ["doc_id", "outlet"]
    last = ["text", "text_clean", "furniture"]
    middle = [c for c in frame.columns if c not in first + last]
    return as_table(frame[first + middle + last])


def _furniture_lines(value, rec: Record) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [ln for ln in value.split("\n") if ln.strip()]
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("text")
            if not isinstance(item, str) or not item.strip():
                raise CorpusError(f"{rec.where}: each furniture entry must be a line of text, got {item!r}.")
            lines.append(item)
        return lines
    raise CorpusError(f"{rec.where}: furniture must be a list of lines, got {type(value).__name__}.")


def _furniture_spans(text: str, value, rec: Record, doc_id: str) -> list[tuple[int, int]]:
    spans = []
    for line in _furniture_lines(value, rec):
        want = line.strip()
        found = [
            (m.start(), m.end()) for m in re.finditer(r"^[^\n]*(?:\n|$)", text, flags=re.M)
            if m.group().strip() == want
        ]
        if not found:
            raise CorpusError(
                f"{rec.where}: furniture line {want!r} is not a whole line of document {doc_id!r}. "
                f"Copy the line exactly as it is in the text."
            )
        spans.extend(found)
    return sorted(set(spans))
