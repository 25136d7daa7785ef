"""Canvas and Moodle: read a class's bulk download of submissions, and write the grades back.

The round trip::

    collect(download.zip, "submissions/", roster=...)   # one notebook per student + submissions.csv
    framing grade submissions/ ...                       # as for any folder of notebooks
    framing merge ...                                     # the final gradebook (late policy applied)
    to_canvas(final, gradebook_export.csv, "import.csv")  # or to_moodle(final, worksheet.csv, "upload.csv")

:func:`collect` reads the zip *as the learning platform gives it* (or the folder it
was unzipped to), takes one notebook per student and writes ``out/<student>.ipynb``
plus ``out/submissions.csv``; :func:`read_roster` reads the class list the platform
exports; :func:`read_policy` and :func:`late_penalty` apply a late policy;
:func:`to_canvas` and :func:`to_moodle` write the files the platforms import.

File names in a download
------------------------
Canvas, *Download Submissions* (one flat zip)::

    smithjane_12345_678901_01_corpus.ipynb        <name>_<user id>_<file id>_<file name>
    doejohn_LATE_23456_678902_01_corpus.ipynb     submitted after the student's due date
    anon_k3s9d_678903_01_corpus.ipynb             anonymous grading: no name, anon_<id>
    smithjane_12345_678907_01_corpus-1.ipynb      the same file name uploaded again: -1, -2 ...
    brownkim_34567_text.html                      a text entry (not a notebook: skipped, noted)

``<name>`` is the student's sortable name ("Smith, Jane") in lower case with every
character that is not a letter, digit or ``_`` removed, so Arabic names stay Arabic.
The second number is the id of the *file* (Canvas's attachment id), not of the
submission; re-uploading feedback needs it. When one student has several notebooks,
the one with the highest ``-N`` is taken (then the highest file id), and the others
are named in the ``note`` column.

Moodle, *Download all submissions* (names keep their spaces; ``_`` in a name becomes a space)::

    Laila Hassan_1234_assignsubmission_file_/01_corpus.ipynb     "Download submissions in folders" (Moodle 3.1-4.0)
    Laila Hassan_1234_assignsubmission_file/01_corpus.ipynb      the same, Moodle 4.1 and later
    Laila Hassan_1234_assignsubmission_file_01_corpus.ipynb      folders off: one flat list
    Laila Hassan_1234_assignsubmission_onlinetext_/onlinetext.html   online text (skipped, noted)
    Participant_1234_assignsubmission_file_/01_corpus.ipynb      blind marking

``1234`` is the participant number, the same as ``Participant 1234`` in the offline
grading worksheet's ``Identifier`` column. Moodle's download does not say who was
late: give the worksheet as the roster and its ``Status`` ("... 2 days 3 hours late")
and ``Last modified (submission)`` are used.

``__MACOSX/``, ``.DS_Store``, ``._*``, ``Thumbs.db`` and ``.ipynb_checkpoints/`` are
skipped. Any other name that is neither pattern stops :func:`collect` with the name,
and nothing is written.

Student keys
------------
Each student gets a key: the file stem of ``out/<key>.ipynb`` and the ``student``
column everywhere after (``framing grade``, ``framing merge``, the exports). It is
the roster's display name ("Jane Smith", turned around from Canvas's "Smith, Jane")
when a roster is given, else the download's name ("smithjane"), with `` (<lms id>)``
added when two students share a name; it is one line, holds no ``/ \\ : * ? " < > |``
or control characters, does not start with a dot, fits in 100 bytes, and no two
keys differ only in case.

Late policy (YAML)
------------------
::

    penalty: 10        # both: percent of the total taken off a late submission (0-100)
    extensions:        # both: late flag waived: roster name, student key or LMS id
      - 12345
      - Jane Smith
    due: 2026-10-01T23:59   # Moodle: with per_day, lateness is counted from this time
    per_day: 10        # Moodle: percent per started day after `due` (needs `due`)
    max: 50            # both: the most taken off, in percent (default 100)

``penalty`` applies to every submission flagged late: by Canvas (``LATE_`` in the
file name, which Canvas sets against each student's own due date) or by Moodle (the
worksheet's status). The platform's flag decides who is late, since it knows the
extensions and overrides given there; ``due`` only counts the days. ``due`` and
``per_day`` need the time of the submission, which only Moodle's worksheet gives
(``Last modified (submission)``, in the time zone of
whoever downloaded it; written like ``Thursday, 1 October 2026, 11:59 PM``); for a
Canvas row they are not used and the flat ``penalty`` applies alone.

Why CSV files are written UTF-8 with a byte-order mark
------------------------------------------------------
Excel opens a CSV without a byte-order mark in the computer's legacy code page and
shows Arabic names as mojibake (and saves them that way). With the mark, Excel,
LibreOffice and pandas read UTF-8. Both platforms take it back: Moodle's CSV reader
strips the mark (``core_text::trim_utf8_bom``), and Canvas's gradebook importer finds
its header with ``row[0].include?("Student")``, which the mark does not disturb.

Documentation followed
----------------------
The Canvas Instructor Guide and Moodle Docs pages on these features were not in the
reference library this module was written with (searches found only third-party
pages), so the formats follow the platforms' own source code, and these pages:

* Canvas, *Download Submissions* zip: ``instructure/canvas-lms`` ``lib/content_zipper.rb``
  (``get_filename``: ``[sortable name, "LATE", user id].join("_")``, then
  ``_<attachment id>_<display name>``; ``sanitize_user_name``) and
  ``Attachment.make_unique_filename`` (the ``-1``, ``-2`` suffix).
* Canvas, gradebook export and import CSV: ``lib/gradebook_exporter.rb`` (columns
  ``Student, ID, SIS User ID, SIS Login ID[, Integration ID, Root Account], Section``,
  then ``Title (id)`` per assignment; the ``    Points Possible`` row; a ``Manual
  Posting`` row; the Test Student last) and ``lib/gradebook_importer.rb`` (which
  columns it needs, ``;`` or ``,``, decimal commas, an empty cell read as a change);
  Ohio State's "Import a CSV file to Carmen grades",
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
  and VCU's "Gradebook Action Menu",
  https://ts.vcu.edu/askit/teaching-and-learning/canvas/faculty/grading-faculty/gradebook-action-menu-faculty/.
* Canvas, feedback files back to students (*Re-Upload Submissions* in the assignment):
  ``app/models/assignment.rb`` ``generate_comments_from_files`` and
  ``infer_comment_context_from_filename``: each file becomes a comment "See attached
  file" on the submission whose user id and file id are the first two numbers
  between ``_`` in its name; the file must belong to the student's current submission.
* Moodle, *Download all submissions*: ``moodle/moodle`` ``mod/assign/classes/downloader.php``
  (4.1+) and ``mod/assign/locallib.php`` ``download_submissions`` (earlier);
  "Assignment settings", https://docs.moodle.org/401/en/Assignment_settings (a
  submission after the due date is "marked as late").
* Moodle, offline grading worksheet: ``mod/assign/gradingtable.php`` (the columns,
  ``Participant <n>``, dates by ``userdate``, the status text) and
  ``mod/assign/feedback/offline/importgradeslib.php`` and ``locallib.php`` (the upload
  needs ``Identifier``, ``Grade`` and ``Last modified (grade)``; skips an empty,
  unchanged, locked or out-of-range grade; feedback text is stored as HTML).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import html
import io
import math
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

from framing.errors import FramingError
from framing.grading.files import csv_separator, file_name, plain_name, write_atomic

__all__ = [
    "collect", "read_roster", "read_policy", "late_penalty", "to_canvas", "to_moodle",
    "SUBMISSION_COLUMNS", "ROSTER_COLUMNS", "POLICY_KEYS", "MAX_FILE", "MAX_TOTAL",
]

#: Largest notebook taken from a download (bytes): the grader reads no more.
MAX_FILE = 64 * 1024 * 1024
#: Most bytes taken from one download, all notebooks together.
MAX_TOTAL = 2 * 1024 * 1024 * 1024
#: Most entries a download may hold.
MAX_ENTRIES = 100_000
#: Columns of ``submissions.csv``, in order.
SUBMISSION_COLUMNS = ("student", "lms", "lms_id", "name", "late", "resubmission", "source", "submitted", "note")
#: Columns :func:`read_roster` returns.
ROSTER_COLUMNS = ("student", "name", "lms", "lms_id", "email", "sis_id", "status", "submitted")
#: Keys a late policy may have.
POLICY_KEYS = ("penalty", "extensions", "due", "per_day", "max")
#: Canvas gradebook columns that say who a row is (kept in an import file).
CANVAS_STUDENT_COLUMNS = ("Student", "LastName", "FirstName", "ID", "SIS User ID", "SIS Login ID",
                          "Integration ID", "Root Account", "Section")

_MOODLE_DIR = re.compile(r"(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)_?")
_MOODLE_FILE = re.compile(r"(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+?)_(?P<file>.+)")
_CANVAS_ANON = re.compile(r"(?:(?P<late>LATE)_)?(?P<id>anon_[A-Za-z0-9]+)_(?P<fid>\d+)_(?P<file>.+)")
_CANVAS_FILE = re.compile(r"(?:(?P<name>.*?)_)?(?:(?P<late>LATE)_)?(?P<id>\d+)_(?P<fid>\d+)_(?P<file>.+)")
_CANVAS_ONLINE = re.compile(r"(?:(?P<name>.*?)_)?(?:(?P<late>LATE)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)"
                            r"_(?P<kind>text|link)\.html")
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_JUNK_DIRS = {"__MACOSX", ".ipynb_checkpoints"}
_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|]')
_MOODLE_TIME_FORMATS = ("%A, %d %B %Y, %I:%M %p", "%d %B %Y, %I:%M %p", "%A, %d %B %Y, %H:%M", "%d %B %Y, %H:%M")
_MAX_LISTED = 10


# --------------------------------------------------------------------------
# Small helpers: names, files, CSV
# --------------------------------------------------------------------------


def _clean(text) -> str:
    """One line of NFC text without control or invisible format characters (ZWNJ and ZWJ kept)."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text
                   if unicodedata.category(c) != "Cf" or c in "\u200c\u200d")
    return " ".join(text.split())


def _safe_name(text) -> str:
    """A student key: readable, one line, a valid file name anywhere, at most 100 bytes.

    >>> _safe_name("  Jane\\nSmith "), _safe_name("a/b:c"), _safe_name(".hidden"), _safe_name("ب" * 60)[-11:-10]
    ('Jane Smith', 'a_b_c', '_.hidden', '-')
    """
    name = plain_name(_clean(_UNSAFE_CHARS.sub("_", str(text)))).rstrip(". ") or "_"
    if name.startswith("."):
        name = "_" + name
    if len(name.encode("utf-8")) > 100:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
        name = name.encode("utf-8")[:89].decode("utf-8", "ignore").rstrip() + "-" + digest
    return name


def _squash(text) -> str:
    """What is left to compare two spellings of a name: letters and digits, case folded.

    >>> _squash("Smith, Jane") == _squash("smithjane")
    True
    """
    return re.sub(r"[\W_]+", "", _clean(text).casefold())


def _name_forms(text) -> set:
    """A name squashed as written and with its last word first (Canvas's sortable name)."""
    words = _clean(text).replace(",", " ").split()
    forms = {_squash(text)}
    if len(words) > 1:
        forms.add(_squash(" ".join(words[-1:] + words[:-1])))
    return forms - {""}


def _display(sortable: str) -> str:
    """Canvas's sortable name turned round: "Smith, Jane" -> "Jane Smith".

    >>> _display("Smith, Jane"), _display('="=odd"'), _display("Cher")
    ('Jane Smith', '=odd', 'Cher')
    """
    name = _clean(sortable)
    formula = re.fullmatch(r'="(.*)"', name)  # Canvas quotes a name starting with "=" for Excel
    if formula:
        name = formula[1]
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name


def _keys(people: list[tuple[str, str]]) -> list[str]:
    """A unique key per (name, lms id): the name, or ``name (id)`` when names are shared.

    >>> _keys([("Sam Lee", "1"), ("sam lee", "2"), ("Ali", "3")])
    ['Sam Lee (1)', 'sam lee (2)', 'Ali']
    """
    names = [_safe_name(name) for name, _ in people]
    count = Counter(n.casefold() for n in names)
    wanted = [n if count[n.casefold()] == 1 or not i else _safe_name(f"{n} ({i})") for n, (_, i) in zip(names, people)]
    seen, out = set(), []
    for key in wanted:
        candidate, n = key, 2
        while candidate.casefold() in seen:
            candidate, n = _safe_name(f"{key} ({n})"), n + 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def _csv_bytes(header, rows, sep: str = ",") -> bytes:
    """CSV as UTF-8 with a byte-order mark (so Excel shows Arabic), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text(path: Path, what: str) -> str:
    if not path.is_file():
        raise FramingError(f"{path}: no such {what}.")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FramingError(f"{path}, line {line}: not UTF-8 text, so names in it may be lost. Export it again "
                           "from the platform, or in Excel save it as 'CSV UTF-8 (Comma delimited)'.") from None


def _table(path, what: str):
    """(separator, header, [(line, cells)]) of a CSV, the separator guessed from its header (, ; or tab)."""
    path = Path(path)
    text = _text(path, what)
    sep = csv_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records, line = [], 0
    try:
        header = next(reader, None)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            records.append((start, cells))
    except csv.Error as err:
        raise FramingError(f"{path}, line {line + 1}: not a readable CSV row ({err}).") from None
    if not header or not any(h.strip() for h in header):
        raise FramingError(f"{path}: empty, no header row: not a {what}.")
    return sep, [h.strip() for h in header], records


def _listed(items) -> str:
    items = list(items)
    more = f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else ""
    return ", ".join(items[:_MAX_LISTED]) + more


def _did_you_mean(value, allowed) -> str:
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(map(str, allowed))}."


# --------------------------------------------------------------------------
# Reading a download safely: a zip or the folder it was unzipped to
# --------------------------------------------------------------------------


def _safe_path(download: Path, name: str) -> str:
    """The entry's path with ``/`` separators, refusing anything that could leave the folder."""
    clean = name.replace("\\", "/")
    parts = clean.split("/")
    if "\0" in name or clean.startswith("/") or re.match(r"[A-Za-z]:", clean) or ".." in parts:
        raise FramingError(f"{download}: the entry {name!r} points outside the download (an absolute path or "
                           "'..'): refused, nothing was written. Download the submissions again from the platform.")
    return "/".join(p for p in parts if p not in ("", "."))


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The entry's name: a UTF-8 name written without the zip's UTF-8 flag is read as UTF-8, not as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _is_junk(path: str) -> bool:
    parts = path.split("/")
    return any(p in _JUNK_DIRS for p in parts) or parts[-1] in _JUNK_NAMES or parts[-1].startswith("._")


class _Download:
    """The files of a download, listed and checked before anything is read: ``{path: size}``."""

    def __init__(self, download):
        self.path = Path(download)
        self.zip = None
        if self.path.is_dir():
            self.files = self._walk()
        elif self.path.is_file():
            if not zipfile.is_zipfile(self.path):
                raise FramingError(f"{self.path}: not a zip file: give the zip the platform downloaded, "
                                   "or the folder it was unzipped to.")
            self.zip = zipfile.ZipFile(self.path)
            try:
                self.files = self._entries()
            except BaseException:
                self.zip.close()
                raise
        else:
            raise FramingError(f"{self.path}: no such download (a .zip file or a folder).")

    def _entries(self) -> dict:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise FramingError(f"{self.path}: {len(infos)} entries, more than {MAX_ENTRIES}: not a class's download.")
        files, self.infos = {}, {}
        for info in infos:
            name = _zip_name(info)
            path = _safe_path(self.path, name)
            if info.is_dir() or not path or _is_junk(path):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                raise FramingError(f"{self.path}: the entry {name!r} is a link, not a file: refused (links are "
                                   "never followed), nothing was written.")
            if info.flag_bits & 0x1:
                raise FramingError(f"{self.path}: the entry {name!r} is encrypted: give the download as it came.")
            if path in files:
                raise FramingError(f"{self.path}: the entry {name!r} is in the zip twice: which one counts?")
            files[path], self.infos[path] = info.file_size, info
        return files

    def _walk(self) -> dict:
        files = {}
        for folder, subfolders, names in os.walk(self.path, followlinks=False):
            here = Path(folder)
            for name in sorted(subfolders):
                rel = (here / name).relative_to(self.path).as_posix()
                if (here / name).is_symlink() and not _is_junk(rel):
                    raise FramingError(f"{here / name}: a link, not a folder: refused (links are never followed).")
            subfolders[:] = sorted(s for s in subfolders if s not in _JUNK_DIRS and not (here / s).is_symlink())
            for name in sorted(names):
                rel = (here / name).relative_to(self.path).as_posix()
                if _is_junk(rel):
                    continue
                info = os.lstat(here / name)
                if stat.S_ISLNK(info.st_mode):
                    raise FramingError(f"{here / name}: a link, not a file: refused (links are never followed). "
                                       "Put the file itself there.")
                if not stat.S_ISREG(info.st_mode):
                    raise FramingError(f"{here / name}: not a regular file: refused.")
                files[rel] = info.st_size
                if len(files) > MAX_ENTRIES:
                    raise FramingError(f"{self.path}: more than {MAX_ENTRIES} files: not a class's download.")
        return files

    def read(self, path: str) -> bytes:
        """The file's bytes, at most MAX_FILE of them whatever its header declared."""
        if self.zip is not None:
            with self.zip.open(self.infos[path]) as f:
                data = f.read(MAX_FILE + 1)
        else:
            fd = os.open(self.path / path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    raise FramingError(f"{self.path / path}: not a regular file: refused.")
                data = f.read(MAX_FILE + 1)
        if len(data) > MAX_FILE:
            raise FramingError(_too_large(self.path, path))
        return data

    def close(self):
        if self.zip is not None:
            self.zip.close()


def _too_large(download: Path, path: str) -> str:
    return (f"{download}: {path} is larger than {MAX_FILE // 1024 // 1024} MB, the most the grader reads: nothing "
            "was written. Remove that file from the download (or ask the student for a smaller notebook: clear its "
            "outputs) and collect again.")


# --------------------------------------------------------------------------
# What a file name says: whose file, from which platform
# --------------------------------------------------------------------------


def _parse(path: str) -> dict | None:
    """``{lms, lms_id, name, late, fid, file, notebook, why}`` for a download's file, or None when unknown.

    >>> e = _parse("doejohn_LATE_23456_678902_01_corpus-1.ipynb")
    >>> e["lms"], e["lms_id"], e["name"], e["late"], e["fid"], e["file"]
    ('canvas', '23456', 'doejohn', True, 678902, '01_corpus-1.ipynb')
    >>> e = _parse("ليلى حسن_1234_assignsubmission_file_/01_corpus.ipynb")
    >>> e["lms"], e["lms_id"], e["name"], e["file"]
    ('moodle', '1234', 'ليلى حسن', '01_corpus.ipynb')
    >>> _parse("notes.txt") is None
    True
    """
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        m = _MOODLE_DIR.fullmatch(part)
        if m:
            return _moodle_entry(m["id"], m["name"], m["plugin"], "/".join(parts[i + 1:]))
    base = parts[-1]
    m = _MOODLE_FILE.fullmatch(base)
    if m:
        return _moodle_entry(m["id"], m["name"], m["plugin"], m["file"])
    m = _CANVAS_ONLINE.fullmatch(base)
    if m:
        kind = "a text entry" if m["kind"] == "text" else "a web address"
        return _entry("canvas", m["id"], m.groupdict().get("name") or "", bool(m["late"]), 0, base,
                      f"{base}: {kind}, not a notebook: skipped")
    m = _CANVAS_ANON.fullmatch(base) or _CANVAS_FILE.fullmatch(base)
    if m:
        return _entry("canvas", m["id"], m.groupdict().get("name") or "", bool(m["late"]), int(m["fid"]), m["file"])
    return None


def _moodle_entry(participant: str, name: str, plugin: str, file: str) -> dict:
    why = "" if plugin == "file" else f"{file}: a Moodle {plugin} submission, not a notebook: skipped"
    return _entry("moodle", participant, name, False, 0, file, why)


def _entry(lms, lms_id, name, late, fid, file, why="") -> dict:
    notebook = not why and file.lower().endswith(".ipynb")
    if not why and not notebook:
        why = f"{file}: not a notebook: skipped"
    return {"lms": lms, "lms_id": lms_id, "name": _clean(name), "late": late, "fid": fid, "file": file,
            "notebook": notebook, "why": why}


def _resubmission(lms: str, file: str) -> int:
    """Canvas's ``-N`` before the extension (the N-th upload of one file name); 0 for the first.

    >>> _resubmission("canvas", "01_corpus-2.ipynb"), _resubmission("canvas", "01_corpus.ipynb")
    (2, 0)
    """
    m = re.search(r"-(\d+)\.ipynb$", file, re.IGNORECASE)
    return int(m[1]) if m and lms == "canvas" else 0


def _copy_number(file: str) -> int:
    """A browser's `` (N)`` for the N-th download of one file name."""
    m = re.search(r" \((\d+)\)\.ipynb$", file, re.IGNORECASE)
    return int(m[1]) if m else 0


# --------------------------------------------------------------------------
# collect
# --------------------------------------------------------------------------


def collect(download, out, *, roster=None):
    """One notebook per student from a Canvas or Moodle bulk download, and a table of who sent what.

    Parameters
    ----------
    download : path
        The zip the platform gave (Canvas: *Download Submissions*; Moodle: *Download
        all submissions*), or the folder it was unzipped to.
    out : path
        A new (or empty) folder: ``out/<student>.ipynb`` for each student with a
        notebook, and ``out/submissions.csv``. Nothing is overwritten; when anything
        is wrong nothing at all is written (the folder is built beside ``out`` and
        moved into place at the end).
    roster : path or pandas.DataFrame, optional
        The class list (:func:`read_roster`): its display names become the keys,
        students without a notebook get a row noted ``missing``, and a Moodle worksheet
        gives the late flags and submission times.

    Returns
    -------
    pandas.DataFrame
        What ``submissions.csv`` holds (UTF-8 with a byte-order mark), one row per
        student sorted by key: ``student`` (the key), ``lms``, ``lms_id``, ``name``
        (the platform's name), ``late``, ``resubmission`` (Canvas's ``-N``),
        ``source`` (the file's path in the download; empty when none), ``submitted``
        (Moodle's submission time, when known) and ``note``.

    Raises
    ------
    FramingError
        A file name neither platform writes (the names listed), Canvas and Moodle
        files mixed, an entry that is a link or points outside the download, a
        notebook over 64 MB or more than 2 GB in all, a roster of the other platform,
        an ``out`` folder that is not empty.

    Examples
    --------
    >>> table = collect("01_corpus submissions.zip", "submissions/01_corpus",
    ...                 roster="2026-10-02_Gradebook.csv")  # doctest: +SKIP
    >>> table[table.late][["student", "source"]]  # doctest: +SKIP
    """
    import pandas as pd

    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FramingError(f"{out}: already exists and is not empty: collect writes into a new (or empty) folder, "
                           "so that nothing is overwritten.")
    source = _Download(download)
    try:
        rows, chosen = _students(source, _roster(roster))
        table = pd.DataFrame(rows, columns=SUBMISSION_COLUMNS)
        _write_folder(source, out, chosen, table)
    finally:
        source.close()
    return table


def _roster(roster):
    if roster is None:
        return None
    if isinstance(roster, (str, os.PathLike)):
        return read_roster(roster)
    missing = [c for c in ("student", "lms", "lms_id") if c not in roster.columns]
    if missing:
        raise FramingError(f"the roster table has no {', '.join(missing)} column: read it with read_roster.")
    return roster


def _students(source: _Download, roster):
    """The rows of submissions.csv and ``{key: path in the download}`` of the notebooks taken."""
    found, unknown = {}, []
    for path in source.files:
        entry = _parse(path)
        if entry is None:
            unknown.append(path)
            continue
        person = found.setdefault((entry["lms"], entry["lms_id"]), {"name": entry["name"], "notebooks": [],
                                                                     "notes": []})
        if entry["notebook"]:
            person["notebooks"].append((path, entry))
        else:
            person["notes"].append(entry["why"])
    if unknown:
        raise FramingError(f"{source.path}: file names neither Canvas nor Moodle writes: {_listed(unknown)}. Nothing "
                           "was written. Give the download as the platform made it (see framing.grading.lms), or "
                           "remove these files.")
    platforms = sorted({lms for lms, _ in found})
    if len(platforms) > 1:
        raise FramingError(f"{source.path}: Canvas and Moodle file names mixed in one download: collect one at a time.")
    if not found:
        raise FramingError(f"{source.path}: no submissions in it (no Canvas or Moodle file names).")
    lms = platforms[0]
    people = [_person(lms, lms_id, person) for (_, lms_id), person in found.items()]
    if roster is not None:
        people = _with_roster(source.path, lms, people, roster)
    people.sort(key=lambda p: (_clean(p["display"]).casefold(), p["lms_id"]))
    keys = _keys([(p["display"], p["lms_id"]) for p in people])
    people = sorted(zip(keys, people), key=lambda kp: (kp[0].casefold(), kp[0]))
    total = sum(source.files[p["source"]] for _, p in people if p["source"])
    if total > MAX_TOTAL:
        raise FramingError(f"{source.path}: its notebooks hold {total / 1024 ** 3:.1f} GB, more than "
                           f"{MAX_TOTAL // 1024 ** 3} GB: nothing was written. Is it the right download?")
    for _, p in people:
        if p["source"] and source.files[p["source"]] > MAX_FILE:
            raise FramingError(_too_large(source.path, p["source"]))
    rows = [{"student": key, "lms": lms, "lms_id": p["lms_id"], "name": p["name"], "late": p["late"],
             "resubmission": p["resubmission"], "source": p["source"], "submitted": p["submitted"],
             "note": "; ".join(p["notes"])} for key, p in people]
    return rows, {key: p["source"] for key, p in people if p["source"]}


def _person(lms: str, lms_id: str, found: dict) -> dict:
    """One student of the download: the notebook taken (highest resubmission, then latest file), and notes."""
    notes = list(found["notes"])
    person = {"lms_id": lms_id, "name": found["name"] or lms_id, "display": found["name"] or lms_id,
              "late": False, "resubmission": 0, "source": "", "submitted": "", "notes": notes}
    if not found["notebooks"]:
        notes.insert(0, "missing: no notebook in the download")
        return person
    ranked = sorted(found["notebooks"], key=lambda pe: (_resubmission(lms, pe[1]["file"]),
                                                        _copy_number(pe[1]["file"]), pe[1]["fid"], pe[0]))
    path, entry = ranked[-1]
    if len(ranked) > 1:
        others = ", ".join(p for p, _ in ranked[:-1])
        notes.append(f"also in the download, not taken: {others} (the highest resubmission was taken)")
    person.update(source=path, late=entry["late"], resubmission=_resubmission(lms, entry["file"]))
    if lms == "canvas" and entry["lms_id"].startswith("anon_"):
        notes.append("anonymous grading: no name in the download")
    return person


def _with_roster(download: Path, lms: str, people: list, roster) -> list:
    """Match the download's students to the roster: by LMS id, else (a plain roster) by name."""
    kinds = {k for k in roster["lms"] if k}
    if kinds and kinds != {lms}:
        other = ", ".join(k.capitalize() for k in sorted(kinds))
        raise FramingError(f"{download}: a {lms.capitalize()} download, but the roster is from {other}: give the "
                           "class list of the same platform.")
    records = roster.to_dict("records")
    by_id = {str(r["lms_id"]): i for i, r in enumerate(records) if str(r["lms_id"])}
    by_name: dict = {}
    for i, r in enumerate(records):
        if not str(r["lms_id"]) or not kinds:
            for form in _name_forms(r["student"]) | _name_forms(r.get("name", "") or ""):
                by_name.setdefault(form, set()).add(i)
    taken = set()
    for person in people:
        i = by_id.get(person["lms_id"])
        if i is not None and not kinds and person["name"]:
            # a plain roster's id matched: a nickname may differ ("Johnny" for "John"), but a name that is another
            # roster student's says the id column holds other numbers (university ids), not the platform's
            forms = _name_forms(person["name"])
            others = {j for j, r in enumerate(records) if j != i
                      and forms & (_name_forms(r["student"]) | _name_forms(r.get("name", "") or ""))}
            if others:
                raise FramingError(
                    f"{roster.attrs.get('path', 'the roster')}: id {person['lms_id']} is {records[i]['student']} in "
                    f"the roster, but the download's {person['source']} is {records[min(others)]['student']}'s by its "
                    f"name. A plain roster's id column must hold the {lms.capitalize()} ids (Canvas: the gradebook "
                    "export's ID; Moodle: the participant number), not university numbers: fix or drop that column. "
                    "Nothing was written.")
        if i is None:
            hits = set().union(*(by_name.get(f, set()) for f in _name_forms(person["name"]))) - taken
            i = hits.pop() if len(hits) == 1 else None
        if i is None or i in taken:
            person["notes"].append("not in the roster")
            continue
        taken.add(i)
        r = records[i]
        person.update(display=r["student"], name=r.get("name") or r["student"])
        if lms == "moodle":
            person["late"] = _moodle_late(r.get("status", ""))
            person["submitted"] = r.get("submitted", "") or ""
    anonymous = any(p["lms_id"].startswith("anon_") for p in people)
    for i, r in enumerate(records):
        if i not in taken:
            note = "missing: no submission in the download" + (
                " (anonymous grading: students could not be matched)" if anonymous else "")
            people.append({"lms_id": str(r["lms_id"]), "name": r.get("name") or r["student"], "display": r["student"],
                           "late": False, "resubmission": 0, "source": "", "notes": [note],
                           "submitted": r.get("submitted", "") or "" if lms == "moodle" else ""})
    return people


def _moodle_late(status: str) -> bool:
    """Moodle's worksheet status says late: "Submitted for grading - 1 day 2 hours late - Graded".

    >>> _moodle_late("Submitted for grading - 1 day 2 hours late - Graded"), _moodle_late("Submitted for grading")
    (True, False)
    """
    return any(re.search(r"\blate$", part.strip(), re.IGNORECASE) for part in str(status).split(" - "))


def _write_folder(source: _Download, out: Path, chosen: dict, table) -> None:
    """Build the folder beside ``out`` and move it into place: all of it or nothing."""
    created = [p for p in out.parents if not p.exists()]  # innermost first: removed again if anything fails
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        total = 0
        for key, path in chosen.items():
            data = source.read(path)
            total += len(data)
            if total > MAX_TOTAL:
                raise FramingError(f"{source.path}: more than {MAX_TOTAL // 1024 ** 3} GB of notebooks: nothing "
                                   "was written.")
            (tmp / f"{key}.ipynb").write_bytes(data)
        rows = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
        (tmp / "submissions.csv").write_bytes(_csv_bytes(SUBMISSION_COLUMNS, rows))
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for folder in created:
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# --------------------------------------------------------------------------
# Rosters
# --------------------------------------------------------------------------


def read_roster(path):
    """The class list: a Canvas gradebook export, a Moodle grading worksheet, or a plain CSV.

    Parameters
    ----------
    path : path
        One of (UTF-8, with or without a byte-order mark; comma, semicolon or tab):

        * a **Canvas gradebook export** (*Grades > Export > Export Entire Gradebook*):
          ``Student, ID, SIS User ID, SIS Login ID, Section``, then the assignments
          (``01_corpus (1234)``). The ``Points Possible`` and ``Manual Posting`` rows
          are skipped; the Test Student is kept.
        * a **Moodle offline grading worksheet** (*Download grading worksheet*):
          ``Identifier, Full name, Email address, Status, Grade, ...``, the
          identifier ``Participant 1234``.
        * a **plain CSV** with a ``student`` column, and optionally ``name``,
          ``email``, ``id`` (or ``lms_id``) and ``sis_id``.

    Returns
    -------
    pandas.DataFrame
        Columns ``student`` (the display name: Canvas's "Smith, Jane" as "Jane
        Smith"), ``name`` (as the file writes it), ``lms`` (``canvas``, ``moodle`` or
        empty), ``lms_id`` (Canvas's user ID, Moodle's participant number, the plain
        file's ``id``), ``email``, ``sis_id``, ``status`` and ``submitted`` (from a
        Moodle worksheet); empty where the file does not say.

    Raises
    ------
    FramingError
        Naming the file and the line: a student row with no ID, an ID given twice,
        a file of none of these kinds.

    Examples
    --------
    >>> read_roster("2026-10-02_Gradebook.csv")[["student", "lms_id"]]  # doctest: +SKIP
    """
    import pandas as pd

    path = Path(path)
    _, header, records = _table(path, "roster (a Canvas gradebook export, a Moodle grading worksheet or a CSV)")
    kind = _roster_kind(header)
    if kind is None:
        raise FramingError(f"{path}: not a roster: a Canvas gradebook export starts with Student, ID, ... Section; a "
                           "Moodle grading worksheet has Identifier and Full name; a plain roster needs a 'student' "
                           f"column. Its columns: {_listed(header)}.")
    rows = {"canvas": _canvas_roster, "moodle": _moodle_roster, "": _plain_roster}[kind](path, header, records)
    table = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    table.attrs["path"] = str(path)
    return table


def _roster_kind(header: list) -> str | None:
    if len(header) > 3 and "Section" in header and (
            ("Student" in header[0] and "ID" in header[1])
            or (header[0] == "LastName" and header[1] == "FirstName" and header[2] == "ID")):
        return "canvas"
    if "Identifier" in header and "Full name" in header:
        return "moodle"
    if "student" in [h.lower() for h in header]:
        return ""
    return None


def _canvas_row_kind(cells: list) -> str:
    """``blank``, ``points`` (Points Possible), ``posting`` (Manual Posting / Muted) or ``student``."""
    if not any(c.strip() for c in cells):
        return "blank"
    if cells and "Points Possible" in cells[0]:
        return "points"
    if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.IGNORECASE) for c in cells):
        return "posting"
    return "student"


def _unique(path: Path, line: int, key: str, value: str, seen: dict) -> None:
    if value in seen:
        raise FramingError(f"{path}, line {line}: {key} {value} is already on line {seen[value]}: one row per student.")
    seen[value] = line


def _canvas_roster(path: Path, header: list, records: list) -> list:
    at = {h: i for i, h in enumerate(header)}
    rows, seen = [], {}
    for line, cells in records:
        if _canvas_row_kind(cells) != "student":
            continue
        cells = cells + [""] * (len(header) - len(cells))
        if "LastName" in at:
            last, first = cells[at["LastName"]].strip(), cells[at["FirstName"]].strip()
            name, display = ", ".join(p for p in (last, first) if p), _clean(f"{first} {last}")
        else:
            name = _clean(cells[at["Student"]])
            display = _display(name)
        uid = cells[at["ID"]].strip()
        if not uid:
            raise FramingError(f"{path}, line {line}: a student row with no ID ({name or 'no name either'}): every "
                               "row of a Canvas export has the student's Canvas ID; export the gradebook again.")
        if not uid.isdigit():
            raise FramingError(f"{path}, line {line}: the ID {uid!r} of {name or 'this row'} is not a Canvas user ID "
                               "(a number).")
        _unique(path, line, "ID", uid, seen)
        login = cells[at["SIS Login ID"]].strip() if "SIS Login ID" in at else ""
        rows.append({"student": display or uid, "name": name, "lms": "canvas", "lms_id": uid,
                     "email": login if "@" in login else "",
                     "sis_id": cells[at["SIS User ID"]].strip() if "SIS User ID" in at else "",
                     "status": "", "submitted": ""})
    return rows


def _moodle_roster(path: Path, header: list, records: list) -> list:
    at = {h: i for i, h in enumerate(header)}
    rows, seen = [], {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        ident = cells[at["Identifier"]].strip()
        name = _clean(cells[at["Full name"]])
        number = re.search(r"(\d+)$", ident)
        if not number:
            raise FramingError(f"{path}, line {line}: no participant number in the Identifier {ident!r} of "
                               f"{name or 'this row'} (Moodle writes 'Participant 1234').")
        _unique(path, line, "participant", number[1], seen)
        submitted = cells[at["Last modified (submission)"]].strip() if "Last modified (submission)" in at else ""
        rows.append({"student": name or ident, "name": name, "lms": "moodle", "lms_id": number[1],
                     "email": cells[at["Email address"]].strip() if "Email address" in at else "",
                     "sis_id": cells[at["ID number"]].strip() if "ID number" in at else "",
                     "status": cells[at["Status"]].strip() if "Status" in at else "",
                     "submitted": "" if submitted == "-" else submitted})
    return rows


def _plain_roster(path: Path, header: list, records: list) -> list:
    at = {h.lower(): i for i, h in enumerate(header)}
    id_column = "id" if "id" in at else "lms_id" if "lms_id" in at else None

    def get(cells, column):
        return cells[at[column]].strip() if column in at and column is not None else ""

    rows, ids, names = [], {}, {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        student = _clean(get(cells, "student"))
        if not student:
            raise FramingError(f"{path}, line {line}: no name in the 'student' column.")
        uid = get(cells, id_column)
        if uid:
            _unique(path, line, "id", uid, ids)
        elif student.casefold() in names:
            raise FramingError(f"{path}, line {line}: {student} is already on line {names[student.casefold()]} and "
                               "neither row has an id to tell them apart: add an 'id' column.")
        names.setdefault(student.casefold(), line)
        rows.append({"student": student, "name": _clean(get(cells, "name")) or student, "lms": "", "lms_id": uid,
                     "email": get(cells, "email"), "sis_id": get(cells, "sis_id"), "status": "", "submitted": ""})
    return rows


# --------------------------------------------------------------------------
# Late policy
# --------------------------------------------------------------------------


def read_policy(path) -> dict:
    """A late policy from a small YAML file (see the module's documentation for the keys).

    Parameters
    ----------
    path : path
        A YAML mapping with any of ``penalty`` (percent off a late submission,
        0-100), ``extensions`` (a list of roster names, student keys or LMS ids whose
        late flag is waived), ``max`` (the most taken off, percent; default 100) and,
        for Moodle, ``due`` (``2026-10-01T23:59``) with ``per_day`` (percent per
        started day late).

    Returns
    -------
    dict
        ``penalty``, ``per_day``, ``max`` (floats), ``due`` (a ``datetime`` or
        None), ``extensions`` (a list of str) and ``source`` (the file).

    Raises
    ------
    FramingError
        Naming the file, the line and the key: not YAML, an unknown key (with the
        closest known one), a value of the wrong kind or out of range.

    Examples
    --------
    >>> read_policy("late.yaml")  # doctest: +SKIP
    {'penalty': 10.0, 'per_day': 0.0, 'max': 100.0, 'due': None, 'extensions': ['12345', 'Jane Smith'], ...}
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise FramingError(f"{path}: no such late policy file.")
    text = _text(path, "late policy file")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise FramingError(f"{where}: not valid YAML: {getattr(err, 'problem', None) or err}.") from None
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return _checked_policy(raw if raw is not None else {}, str(path), lines)


def _checked_policy(raw, source: str, lines: dict | None = None) -> dict:
    lines = lines or {}

    def where(key):
        return f"{source}, line {lines[key]}" if key in lines else source

    if not isinstance(raw, dict):
        raise FramingError(f"{source}: a late policy is a mapping of keys (penalty: 10 ...), not "
                           f"{type(raw).__name__}.")
    for key in raw:
        if key not in POLICY_KEYS:
            raise FramingError(f"{where(str(key))}: unknown key {key!r}: {_did_you_mean(key, POLICY_KEYS)}")
    policy = {"source": source, "due": _due(raw.get("due"), where("due"))}
    for key, default in (("penalty", 0.0), ("per_day", 0.0), ("max", 100.0)):
        value = raw.get(key, default)
        if value is None:
            value = default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise FramingError(f"{where(key)}: {key!r} must be a number of percent from 0 to 100. Got {value!r}.")
        policy[key] = float(value)
    if policy["per_day"] and policy["due"] is None:
        raise FramingError(f"{where('per_day')}: 'per_day' needs 'due' (the time lateness is counted from).")
    extensions = raw.get("extensions") or []
    if not isinstance(extensions, list) or any(isinstance(e, (bool, list, dict)) or e is None for e in extensions):
        raise FramingError(f"{where('extensions')}: 'extensions' must be a list of names or LMS ids, one a line "
                           f"(- 12345). Got {extensions!r}.")
    policy["extensions"] = [_clean(e) for e in extensions]
    return policy


def _due(value, where: str):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        due = value
    elif isinstance(value, dt.date):
        due = dt.datetime.combine(value, dt.time(23, 59, 59))
    elif isinstance(value, str):
        try:
            due = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise FramingError(f"{where}: 'due' must be a date and time like 2026-10-01T23:59. "
                               f"Got {value!r}.") from None
    else:
        raise FramingError(f"{where}: 'due' must be a date and time like 2026-10-01T23:59. Got {value!r}.")
    if due.tzinfo is not None:
        raise FramingError(f"{where}: give 'due' without a time zone, in the time zone of the worksheet's dates "
                           f"(yours when you downloaded it). Got {value!r}.")
    return due


def _moodle_time(text: str):
    """A time as Moodle's worksheet writes it (English), or None for none; ValueError when unreadable.

    >>> _moodle_time("Thursday, 1 October 2026, 11:59 PM"), _moodle_time("-")
    (datetime.datetime(2026, 10, 1, 23, 59), None)
    """
    text = " ".join(str(text or "").split())
    if text in ("", "-", "nan"):
        return None
    for form in _MOODLE_TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            continue
    return dt.datetime.fromisoformat(text)


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def late_penalty(policy, row) -> tuple[float, str]:
    """The late penalty for one row of ``submissions.csv``: (percent of the total, note).

    Parameters
    ----------
    policy : dict
        From :func:`read_policy` (a plain dict with the same keys is checked the same way).
    row : mapping
        A row of ``submissions.csv`` (``student``, ``lms_id``, ``name``, ``late``,
        ``submitted``), as strings or as the table's values.

    Returns
    -------
    (float, str)
        The percent to take off (0 when on time or waived) and a note saying why.

    Examples
    --------
    >>> late_penalty({"penalty": 10}, {"student": "doejohn", "late": "True"})
    (10.0, 'late: -10%')
    >>> late_penalty({"penalty": 10, "extensions": ["doejohn"]}, {"student": "doejohn", "late": True})
    (0.0, 'late, with an extension: no penalty')
    >>> late_penalty({"due": "2026-10-01T23:59", "per_day": 10, "max": 25},
    ...              {"student": "ليلى حسن", "submitted": "Sunday, 4 October 2026, 9:00 AM"})
    (25.0, 'late by 3 days: -25% (at most 25%)')
    """
    policy = policy if "source" in policy else _checked_policy(policy, "late policy")
    row = dict(row)
    said = row.get("late")  # the platform's own flag (Moodle's knows each student's extensions and overrides)
    known = said is not None and not (isinstance(said, str) and not said.strip())
    late = _truthy(said) if known else False
    days = 0
    submitted = None
    if policy["due"] is not None:
        try:
            submitted = _moodle_time(row.get("submitted", ""))
        except ValueError:
            raise FramingError(
                f"{row.get('student', '')}: cannot read the submission time {row.get('submitted')!r}: Moodle's "
                "worksheet writes it like 'Thursday, 1 October 2026, 11:59 PM' when your Moodle language is English "
                f"(download it again so), or take 'due' out of {policy['source']}.") from None
    if submitted is not None:
        late_by = (submitted - policy["due"]).total_seconds()
        if not known:
            late = late_by > 0
        days = math.ceil(late_by / 86400) if late and late_by > 0 else 0
    if not late:
        return 0.0, ""
    who = {_clean(row.get(k, "")).casefold() for k in ("student", "name", "lms_id")} - {""}
    if who & {e.casefold() for e in policy["extensions"]}:
        return 0.0, "late, with an extension: no penalty"
    percent = policy["penalty"] + policy["per_day"] * days
    capped = min(percent, policy["max"])
    note = (f"late by {days} day{'s' if days != 1 else ''}" if days else "late") + (
        f": -{capped:g}%" if capped else ": no penalty in the policy")
    if capped < percent:
        note += f" (at most {policy['max']:g}%)"
    return float(capped), note


# --------------------------------------------------------------------------
# Exports back to the platforms
# --------------------------------------------------------------------------


def _gradebook(gradebook):
    """The final gradebook as a DataFrame with ``student``, ``total`` (float or None) and ``comment``."""
    import pandas as pd

    if isinstance(gradebook, (str, os.PathLike)):
        path = Path(gradebook)
        table = pd.read_csv(io.StringIO(_text(path, "gradebook (framing merge writes it)")), dtype=str,
                            keep_default_na=False)
    else:
        table = gradebook.copy()
    missing = [c for c in ("student", "total", "comment") if c not in table.columns]
    if missing:
        raise FramingError(f"the gradebook has no {', '.join(missing)} column (give the CSV framing merge wrote).")
    table["student"] = [_clean(s) for s in table["student"]]
    twice = sorted({s for s, n in Counter(table["student"]).items() if n > 1})
    if twice:
        raise FramingError(f"the gradebook has these students twice: {_listed(twice)}.")
    totals = []
    for student, total in zip(table["student"], table["total"]):
        if total is None or (isinstance(total, str) and not total.strip()) or (
                isinstance(total, float) and math.isnan(total)):
            totals.append(None)
            continue
        try:
            totals.append(float(str(total).replace(",", ".")) if isinstance(total, str) else float(total))
        except ValueError:
            raise FramingError(f"the gradebook's total for {student} is not a number: {total!r}.") from None
    table["total"] = pd.Series(totals, index=table.index, dtype=object)  # None stays None (a float column: NaN)
    table["comment"] = ["" if c is None or (isinstance(c, float) and math.isnan(c)) else str(c)
                        for c in table["comment"]]
    return table


def _student_ids(book, roster, submissions, lms: str) -> dict:
    """``{student key: LMS id}`` for every graded student; unknown students stop here, named."""
    known = dict(zip(_keys(list(zip(roster["student"], roster["lms_id"]))), roster["lms_id"]))
    if "lms_id" in book.columns:
        known.update({s: str(i) for s, i in zip(book["student"], book["lms_id"]) if str(i)})
    if submissions is not None:
        table = _submissions(submissions)
        known.update({s: str(i) for s, i, k in zip(table["student"], table["lms_id"], table["lms"])
                      if k == lms and str(i)})
    ids = set(roster["lms_id"])
    strangers = sorted(s for s in book["student"] if known.get(s) not in ids and s not in ids)
    if strangers:
        raise FramingError(f"{roster.attrs.get('path', 'the roster')}: students in the gradebook but not in the "
                           f"roster: {_listed(strangers)}. Nothing was written. Export the roster again (a student "
                           "who joined late?), or give submissions= (collect's submissions.csv).")
    return {s: known.get(s, s) for s in book["student"]}


def _possible(book) -> float | None:
    """What the gradebook's totals are out of (its ``possible`` column), or None when it has none."""
    if "possible" not in book.columns:
        return None
    values = {_moodle_number(str(v)) for v in book["possible"]} - {None}
    if len(values) > 1:
        raise FramingError(f"the gradebook's totals are out of different points ({_listed(sorted(values))}): give "
                           "one assignment's gradebook.")
    return values.pop() if values else None


def _scale(possible: float | None, platform: float | None, where: str, what: str, rescale: bool) -> float:
    """The factor totals are multiplied by: 1, or the platform's points over the kit's when rescale is asked."""
    if possible is None or platform is None or abs(possible - platform) < 1e-9:
        return 1.0
    if rescale:
        if possible <= 0:
            raise FramingError(f"{where}: cannot rescale totals out of {possible:g} points.")
        return platform / possible
    raise FramingError(
        f"{where}: {what} is worth {platform:g} points, but the gradebook's totals are out of {possible:g}: the "
        f"platform would read a total of {possible:g} as {possible / platform:.0%}. Nothing was written. Set the "
        f"assignment's points to {possible:g} there and download the file again, or rescale the totals to "
        f"{platform:g} (rescale=True, --rescale).")


def _submissions(submissions):
    import pandas as pd

    if isinstance(submissions, (str, os.PathLike)):
        path = Path(submissions)
        return pd.read_csv(io.StringIO(_text(path, "submissions table (collect writes it)")), dtype=str,
                           keep_default_na=False)
    return submissions.astype(str)


def _points(value: float, decimal: str = ".") -> str:
    """Points as the platforms read them: at most two decimals, no trailing zeros.

    >>> _points(19.0), _points(17.456), _points(9.5, ",")
    ('19', '17.46', '9,5')
    """
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def _assignment_from(gradebook) -> str:
    if isinstance(gradebook, (str, os.PathLike)):
        stem = Path(gradebook).stem
        return stem.removesuffix("-final")
    return ""


def _canvas_column(path: Path, header: list, column, assignment: str) -> int:
    """Which column of the export gets the grades: ``column``, else the one named after the assignment."""
    candidates = [h for h in header if h and h not in CANVAS_STUDENT_COLUMNS and not re.search(
        r"(Current|Final|Unposted|Override) (Score|Points|Grade|Status)", h)]
    if column is not None:
        if column in header:
            return header.index(column)
        raise FramingError(f"{path}: no column {column!r}: {_did_you_mean(column, candidates)}")
    if not assignment:
        raise FramingError(f"{path}: which assignment? Give column= (the export's assignment columns: "
                           f"{_listed(candidates)}).")
    exact = [h for h in candidates if h == assignment or re.fullmatch(re.escape(assignment) + r" \(\d+\)", h)]
    matches = exact or [h for h in candidates if h.startswith(assignment)]
    if len(matches) != 1:
        found = f"several columns start with {assignment!r}: {_listed(matches)}" if matches else (
            f"no column starts with {assignment!r} (its assignment columns: {_listed(candidates)})")
        raise FramingError(f"{path}: {found}. Give column= to choose, or create the assignment in Canvas and export "
                           "the gradebook again.")
    return header.index(matches[0])


def to_canvas(gradebook, roster_csv, out, *, column=None, assignment=None, submissions=None, feedback=None,
              rescale: bool = False):
    """A Canvas gradebook import file with one assignment's points, and the feedback files to re-upload.

    Write ``out`` for *Grades > Import*: the export's ``Student, ID, SIS User ID, SIS
    Login ID, Section`` columns (and ``Integration ID``, ``Root Account`` if it had
    them), the ``Points Possible`` row if it had one, and one assignment column with
    each graded student's ``total``. A student the gradebook does not grade keeps
    the cell the export had (usually empty): Canvas's importer reads an emptied
    cell as a change, and would clear a score entered in Canvas.

    Canvas's gradebook CSV does not import comments. Feedback goes back through the
    assignment's *Re-Upload Submissions* (a zip): each file becomes a comment "See
    attached file" on the submission whose user id and file id begin its name. So,
    when ``submissions`` (collect's table, which holds the download's file names) is
    given, ``<out stem>-comments.zip`` is written beside ``out`` with one Markdown
    file per graded student, named as their download (``smithjane_12345_678901_01_corpus.md``):
    their feedback file (``feedback/<student>.md``) or else the gradebook's comment.

    Parameters
    ----------
    gradebook : path or pandas.DataFrame
        The final gradebook (``framing merge``): at least ``student``, ``total``, ``comment``.
    roster_csv : path
        The Canvas gradebook export (*Export Entire Gradebook*), as downloaded.
    out : path
        The import file to write (UTF-8 with a byte-order mark, the export's separator).
    column : str, optional
        The assignment column, exactly as in the export (``01_corpus (1234)``).
        Default: the one column named after ``assignment``.
    assignment : str, optional
        The assignment's name; default: the gradebook file's (``01_corpus-final.csv``).
    submissions : path or pandas.DataFrame, optional
        ``submissions.csv`` from :func:`collect`: maps each key to its Canvas ID and
        names the files for the comments zip.
    feedback : path, optional
        The feedback folder; default ``<grades>/<assignment>-feedback`` beside the gradebook file.
    rescale : bool, default False
        When the column's ``Points Possible`` differs from the gradebook's ``possible``,
        scale the totals to Canvas's points (else stop: Canvas would read 9.5 of 10 as
        9.5 of 28).

    Returns
    -------
    pandas.DataFrame
        The rows written (strings, as in the file); ``attrs["comments"]`` is the zip's path or None.

    Raises
    ------
    FramingError
        A gradebook student not in the roster (named), a roster that is not a Canvas
        export, no such column (with the closest), a read-only column.

    Examples
    --------
    >>> to_canvas("grades/01_corpus-final.csv", "2026-10-02_Gradebook.csv", "grades/01_corpus-canvas.csv",
    ...           submissions="submissions/01_corpus/submissions.csv")  # doctest: +SKIP
    """
    import pandas as pd

    path, out = Path(roster_csv), Path(out)
    book = _gradebook(gradebook)
    sep, header, records = _table(path, "Canvas gradebook export")
    if _roster_kind(header) != "canvas":
        raise FramingError(f"{path}: not a Canvas gradebook export (Student, ID, ... Section): export it from Canvas's "
                           "Grades, Export > Export Entire Gradebook.")
    roster = read_roster(path)
    ids = _student_ids(book, roster, submissions, "canvas")
    index = _canvas_column(path, header, column, assignment or _assignment_from(gradebook))
    keep = [i for i, h in enumerate(header) if h in CANVAS_STUDENT_COLUMNS] + [index]
    at_id = header.index("ID")
    factor = 1.0
    for line, cells in records:
        cells = cells + [""] * (len(header) - len(cells))
        if _canvas_row_kind(cells) == "points":
            if re.search(r"read\s+only", cells[index]):
                raise FramingError(f"{path}, line {line}: the column {header[index]!r} is read only: choose the "
                                   "assignment's own column.")
            factor = _scale(_possible(book), _moodle_number(cells[index]), f"{path}, line {line}",
                            f"the column {header[index]!r}", rescale)
    points = {ids[s]: t * factor for s, t in zip(book["student"], book["total"]) if t is not None}
    rows = []
    for line, cells in records:
        cells = cells + [""] * (len(header) - len(cells))
        kind = _canvas_row_kind(cells)
        if kind == "points":
            rows.append([cells[i] for i in keep])
        elif kind == "student":
            row = [cells[i] for i in keep]
            uid = cells[at_id].strip()
            if uid in points:
                row[-1] = _points(points[uid])
            rows.append(row)
    comments = _canvas_comments(book, submissions, feedback, gradebook)
    write_atomic(out, _csv_bytes([header[i] for i in keep], rows, sep))
    table = pd.DataFrame(rows, columns=[header[i] for i in keep])
    table.attrs["comments"] = None
    if comments is not None:
        target = out.with_name(f"{out.stem}-comments.zip")
        write_atomic(target, comments)
        table.attrs["comments"] = str(target)
    return table


def _canvas_comments(book, submissions, feedback, gradebook) -> bytes | None:
    """The zip for Canvas's Re-Upload Submissions, or None without the download's file names (or no feedback)."""
    if submissions is None:
        return None
    table = _submissions(submissions)
    sources = {s: PurePosixPath(src).name for s, src, k in zip(table["student"], table["source"], table["lms"])
               if k == "canvas" and src}
    if feedback is None and isinstance(gradebook, (str, os.PathLike)):
        feedback = Path(gradebook).with_name(f"{_assignment_from(gradebook)}-feedback")
    buffer, written = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for student, comment in zip(book["student"], book["comment"]):
            name = sources.get(student)
            if not name:
                continue
            text_file = Path(feedback) / f"{file_name(student)}.md" if feedback is not None else None
            text = text_file.read_text(encoding="utf-8") if text_file is not None and text_file.is_file() else comment
            if not text.strip():
                continue
            stem = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
            zf.writestr(f"{stem}.md", text.encode("utf-8"))
            written += 1
    return buffer.getvalue() if written else None


def _moodle_html(text: str) -> str:
    """Feedback as the simple HTML Moodle stores: paragraphs, line breaks, everything else as text.

    >>> _moodle_html("Good.\\n\\nq9: 4 / 5 <see>\\nلا بأس")
    '<p dir="auto">Good.</p><p dir="auto">q9: 4 / 5 &lt;see&gt;<br>لا بأس</p>'
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return "".join(f'<p dir="auto">{html.escape(p, quote=False).replace(chr(10), "<br>")}</p>' for p in paragraphs)


def _moodle_number(text: str):
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text or text == "-":
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def to_moodle(gradebook, worksheet_csv, out, *, submissions=None, rescale: bool = False):
    """The Moodle offline grading worksheet back, with ``Grade`` and ``Feedback comments`` filled in.

    For the assignment's *Upload grading worksheet*. Every other column and every
    row stay as the worksheet had them, so Moodle sees no change for a student the
    gradebook does not grade (Moodle skips an empty or unchanged grade). Grades
    are written with the worksheet's decimal separator (that of its ``Maximum
    Grade``); comments as simple HTML (paragraphs and line breaks), which is how
    Moodle stores feedback comments.

    Moodle skips, without saying, a grade above the maximum or one that cannot be
    changed, and a row whose grade was changed in Moodle after the worksheet was
    downloaded (unless *Allow updating records that have been modified more
    recently in Moodle than in the spreadsheet* is ticked on upload): the first two
    stop here, naming the student; for the last, download the worksheet just before.

    Parameters
    ----------
    gradebook : path or pandas.DataFrame
        The final gradebook (``framing merge``): at least ``student``, ``total``, ``comment``.
    worksheet_csv : path
        The worksheet from *Download grading worksheet*, as downloaded.
    out : path
        Where to write it (UTF-8 with a byte-order mark, which Moodle's reader strips).
    submissions : path or pandas.DataFrame, optional
        ``submissions.csv`` from :func:`collect`, mapping keys to participant numbers.
    rescale : bool, default False
        When the worksheet's ``Maximum Grade`` differs from the gradebook's
        ``possible``, scale the totals to Moodle's maximum (else stop, naming the line).

    Returns
    -------
    pandas.DataFrame
        The worksheet as written (strings).

    Raises
    ------
    FramingError
        A gradebook student not in the worksheet (named), a worksheet with no
        ``Grade`` or ``Feedback comments`` column, a scale instead of points, a total
        above the maximum grade, a grade Moodle says cannot be changed.

    Examples
    --------
    >>> to_moodle("grades/01_corpus-final.csv", "Grades-ARB101-Corpus-42.csv",
    ...           "grades/01_corpus-moodle.csv")  # doctest: +SKIP
    """
    import pandas as pd

    path, out = Path(worksheet_csv), Path(out)
    book = _gradebook(gradebook)
    sep, header, records = _table(path, "Moodle grading worksheet")
    if _roster_kind(header) != "moodle":
        raise FramingError(f"{path}: not a Moodle grading worksheet (Identifier, Full name, ...): download it from the "
                           "assignment's View all submissions > Download grading worksheet.")
    for needed, why in (("Grade", "Moodle reads the grades from it"),
                        ("Feedback comments", ("enable the 'Feedback comments' feedback type in the assignment's "
                                               "settings and download the worksheet again"))):
        if needed not in header:
            raise FramingError(f"{path}: no {needed!r} column: {why}.")
    if "Scale" in header and "Maximum Grade" not in header:
        raise FramingError(f"{path}: the assignment is graded with a scale, not points: grade it by points in Moodle "
                           "to upload the kit's totals.")
    roster = read_roster(path)
    ids = _student_ids(book, roster, submissions, "moodle")
    graded = {ids[s]: (s, t, c) for s, t, c in zip(book["student"], book["total"], book["comment"]) if t is not None}
    possible = _possible(book)
    at = {h: i for i, h in enumerate(header)}
    rows = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        number = re.search(r"(\d+)$", cells[at["Identifier"]].strip())
        if number and number[1] in graded:
            student, total, comment = graded[number[1]]
            maximum = _moodle_number(cells[at["Maximum Grade"]]) if "Maximum Grade" in at else None
            total *= _scale(possible, maximum, f"{path}, line {line}", "the assignment's Maximum Grade", rescale)
            if maximum is not None and total > maximum + 1e-9:
                raise FramingError(f"{path}, line {line}: {student}'s total {total:g} is above the maximum grade "
                                   f"{maximum:g}: Moodle would skip it without saying. Nothing was written.")
            if "Grade can be changed" in at and cells[at["Grade can be changed"]].strip().lower() == "no":
                raise FramingError(f"{path}, line {line}: Moodle says {student}'s grade cannot be changed (locked or "
                                   "released): unlock it in Moodle and download the worksheet again. Nothing was "
                                   "written.")
            decimal = "," if "Maximum Grade" in at and re.fullmatch(r"\d+,\d*", cells[at["Maximum Grade"]].strip()) \
                else "."
            cells[at["Grade"]] = _points(total, decimal)
            cells[at["Feedback comments"]] = _moodle_html(comment)
        rows.append(cells)
    write_atomic(out, _csv_bytes(header, rows, sep))
    return pd.DataFrame(rows, columns=header)
