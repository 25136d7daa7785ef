"""Hand coding: paragraphs as units, a reproducible sample to code, and the codes read back.

Framing research checks a lexicon's counts against people: a sample of
paragraphs is coded by hand (is the frame there? which frame is primary?),
by two coders apart, and the lexicon is scored against those codes
(:mod:`framing.agreement`, :mod:`framing.validation`).

Codes are a tidy table, one row per unit, coder and frame::

    unit            coder  frame          present
    reuters_2023#3  amal   war_invasion   True
    reuters_2023#3  amal   war_operation  False

and, when coders also name the unit's main frame, one row per unit and coder
with ``frame`` = ``"(primary)"`` and the frame's id (or ``"none"``) in
``primary``. :func:`read_codes` reads that table, or the wide sheet
:func:`coding_sheet` writes (a column per frame, 1/0 or yes/no), and checks it.
"""

from __future__ import annotations

import os
import re

from framing.bundled import bundled_dir
from framing.errors import FramingError
from framing.params import CORPUS, Boolean, Checked, Frame, Names, PathLike, Text, Whole, validate_params
from framing.spans import checked_spans

__all__ = ["PRIMARY", "CodingForm", "coding_form", "paragraphs", "coding_sheet", "read_codes", "unit_at", "unit_id"]

#: The ``frame`` value of the rows that hold a coder's primary frame for a unit.
PRIMARY = "(primary)"
#: Cells read as "the frame is there" and "it is not" (case and spaces ignored; Arabic نعم / لا too).
YES, NO = {"1", "yes", "y", "true", "x", "نعم"}, {"0", "no", "n", "false", "", "لا"}

_LINE = re.compile(r"[^\n]+")  # a paragraph: one line of the text (news texts are written a paragraph a line)


def unit_id(doc_id: str, paragraph: int) -> str:
    """The id of a paragraph unit: ``doc_id#n``.

    >>> unit_id("reuters_2023", 3)
    'reuters_2023#3'
    """
    return f"{doc_id}#{paragraph}"


@validate_params({"corpus": [CORPUS], "furniture": [Boolean()]})
def paragraphs(corpus, *, furniture: bool = False):
    """Every paragraph of every document, numbered from 1, with its place in the text.

    A paragraph is a line of the text that is not blank: news texts are
    written a paragraph a line, with or without blank lines between. A line
    with no letter or digit ("...") keeps its number but is no unit.
    Paragraphs that are all page furniture (credits, captions) are left out
    unless ``furniture=True``; the numbers are those of the text as printed,
    so ``reuters_2023#5`` stays paragraph 5 either way.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    furniture : bool, default False
        Keep the paragraphs that are page furniture.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``doc_id``, ``outlet``, ``event``, ``paragraph``, ``start``,
        ``end`` (character offsets into ``text``), ``furniture`` (bool) and
        ``text``.

    Examples
    --------
    >>> import framing
    >>> paras = framing.paragraphs(framing.load_corpus())
    >>> paras.groupby("doc_id").size()
    doc_id
    afp_ar_2023       27
    afp_fr_2023       16
    almonitor_2024    18
    reuters_2023      19
    unknown_2021      11
    dtype: int64
    >>> print(paras.unit[0], paras.start[0], paras.end[0])
    afp_fr_2023#1 0 197
    """
    import pandas as pd

    rows = []
    for doc in corpus.itertuples(index=False):
        text = doc.text
        spans = checked_spans(text, getattr(doc, "furniture", []), doc.doc_id)
        number = 0
        for line in _LINE.finditer(text):
            body = line[0].strip()
            if not body:
                continue
            number += 1
            if not re.search(r"\w", body):  # a line of punctuation only ("...", "***"): numbered, not a unit
                continue
            start = line.start() + len(line[0]) - len(line[0].lstrip())
            end = start + len(body)
            is_furniture = any(a <= line.start() and line.end() <= b for a, b in spans)
            if is_furniture and not furniture:
                continue
            rows.append({"unit": unit_id(doc.doc_id, number), "doc_id": doc.doc_id,
                         "outlet": getattr(doc, "outlet", ""), "event": getattr(doc, "event", ""),
                         "paragraph": number, "start": start, "end": end, "furniture": is_furniture, "text": body})
    return pd.DataFrame(rows, columns=["unit", "doc_id", "outlet", "event", "paragraph", "start", "end",
                                       "furniture", "text"])


def unit_at(paras, doc_ids, starts) -> list[str]:
    """The paragraph (``unit``) each character offset falls in, document by document ("" for none).

    ``paras`` is a table of :func:`paragraphs`; ``doc_ids`` and ``starts`` give the
    offsets (a hit's ``doc_id`` and ``start``).

    >>> import framing
    >>> paras = framing.paragraphs(framing.load_corpus())
    >>> unit_at(paras, ["reuters_2023", "reuters_2023"], [68, 254])
    ['reuters_2023#1', 'reuters_2023#2']
    """
    from bisect import bisect_right

    where = {}
    for doc_id, group in paras.groupby("doc_id", sort=False):
        where[doc_id] = (list(group.start), list(group.end), list(group.unit))
    out = []
    for doc_id, start in zip(list(doc_ids), list(starts)):
        begins, ends, names = where.get(doc_id, ([], [], []))
        k = bisect_right(begins, start) - 1
        out.append(names[k] if k >= 0 and start < ends[k] else "")
    return out


def _frame_ids(lexicon, frames, verb: str) -> list[str]:
    from framing.lexicon import load_lexicon

    lex = load_lexicon(lexicon) if isinstance(lexicon, str) else lexicon
    known = list(lex.frames["id"])
    if frames is None:
        return known
    if isinstance(frames, str):
        frames = [frames]
    wrong = [f for f in frames if f not in known]
    if wrong:
        import difflib

        close = difflib.get_close_matches(str(wrong[0]), known, n=1)
        raise FramingError(f"{verb}(): the lexicon {lex.name!r} has no frame {wrong[0]!r}"
                           + (f" (did you mean {close[0]!r}?)" if close else "")
                           + f". Its frames: {', '.join(known)}.")
    return list(dict.fromkeys(frames))


@validate_params({
    "corpus": [CORPUS], "lexicon": [Checked("load_lexicon")], "n": [Whole(1)], "seed": [Whole(0)],
    "frames": [None, Names("a frame id or a list of them")], "furniture": [Boolean()], "coder": [Text()],
})
def coding_sheet(corpus, lexicon="seeds", n: int = 20, *, seed: int = 0, frames=None, coder: str = "",
                 furniture: bool = False):
    """A reproducible sample of paragraphs to code by hand, one empty column per frame.

    The same ``seed`` gives the same sample, in the same order, on any
    machine: two coders given the same call code the same paragraphs. Each
    row is a paragraph (:func:`paragraphs`); fill a frame's column with 1
    when the paragraph uses that frame (the words or the idea: a coder reads
    for meaning, not for the lexicon's terms), 0 when not, and ``primary``
    with the id of the frame the paragraph is mostly about (or ``none``).
    Save it with ``sheet.to_csv("codes_amal.csv", index=False)`` and read it
    back with :func:`read_codes`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    lexicon : str, path or Lexicon, default "seeds"
        The lexicon whose frames are coded.
    n : int, default 20
        Paragraphs in the sample (all of them, when the corpus has fewer).
    seed : int, default 0
        Seed of the sample.
    frames : list of str, optional
        Code only these frames (ids of the lexicon); default every frame.
    coder : str, default ""
        The coder's name, written in the ``coder`` column.
    furniture : bool, default False
        Also sample paragraphs that are page furniture.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``doc_id``, ``paragraph``, ``text``, ``coder``, one column per
        frame (empty), ``primary`` (empty).

    Examples
    --------
    >>> import framing
    >>> sheet = framing.coding_sheet(framing.load_corpus(), n=3, seed=1, frames=["war_invasion", "war_operation"])
    >>> sheet.columns.tolist()
    ['unit', 'doc_id', 'paragraph', 'text', 'coder', 'war_invasion', 'war_operation', 'primary']
    >>> sheet.unit.tolist() == framing.coding_sheet(framing.load_corpus(), n=3, seed=1).unit.tolist()
    True
    """
    import numpy as np

    ids = _frame_ids(lexicon, frames, "coding_sheet")
    paras = paragraphs(corpus, furniture=furniture)
    order = np.random.default_rng(seed).permutation(len(paras))[:n]
    sheet = paras.iloc[order][["unit", "doc_id", "paragraph", "text"]].reset_index(drop=True)
    sheet["coder"] = coder
    for frame in ids:
        sheet[frame] = ""
    sheet["primary"] = ""
    return sheet


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)) and float(value) in (0.0, 1.0):
        return str(int(value))
    text = " ".join(str(value).split()).casefold()
    if text in ("1.0", "0.0", "1,0", "0,0"):  # what a spreadsheet or pandas writes for 1 and 0
        return text[0]
    return text


def _read_table(path):
    """A CSV of codes as strings: comma, semicolon or tab separated (a spreadsheet's choice), UTF-8."""
    import io

    import pandas as pd

    from framing.readers import csv_separator, read_text

    text = read_text(path, what="file of codes")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=csv_separator(text))


@validate_params({"codes": [Checked("read_codes")], "lexicon": [None, Checked("load_lexicon")]})
def read_codes(codes, *, lexicon=None):
    """Hand codes as a tidy table (``unit``, ``coder``, ``frame``, ``present``, ``primary``), checked.

    Takes the sheet of :func:`coding_sheet` as filled (a DataFrame, or the CSV
    saved from it: a column per frame, 1/0, yes/no, x or empty), or a tidy
    table with ``unit``, ``coder``, ``frame``, ``present``. Several coders'
    sheets can be put one after the other (``pandas.concat``), each with its
    ``coder``. An empty frame cell means "not there" (0); a row with no
    frame coded and no primary frame is left out as not coded yet.

    Parameters
    ----------
    codes : pandas.DataFrame, path or str
        The codes; the name of a coding that ships with the kit
        (``"seeds_example"``: ``data/coding/README.md`` says who made it) reads that.
    lexicon : str, path or Lexicon, optional
        When given, every frame must be one of its frames (a misspelt column is
        named, with the closest frame).

    Returns
    -------
    pandas.DataFrame
        One row per unit, coder and frame, ``present`` a bool; and one row per
        unit and coder with ``frame`` = ``"(primary)"`` and the primary frame
        in ``primary`` (when the sheet has that column and it is filled).

    Raises
    ------
    FramingError
        Naming the file (when read from one), the line and the value: a cell that
        is neither yes nor no, a unit coded twice by one coder, no ``unit`` or
        ``coder`` column, a primary frame that is not one of the frames.

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"unit": ["a#1", "a#2"], "coder": ["amal", "amal"],
    ...                       "war_invasion": [1, 0], "war_operation": ["", "yes"], "primary": ["war_invasion", ""]})
    >>> read_codes(sheet)
      unit coder          frame  present       primary
    0  a#1  amal   war_invasion     True
    1  a#1  amal  war_operation    False
    2  a#1  amal      (primary)     <NA>  war_invasion
    3  a#2  amal   war_invasion    False
    4  a#2  amal  war_operation     True
    """
    import pandas as pd

    where = ""
    if not isinstance(codes, (pd.DataFrame, str, os.PathLike)):
        raise FramingError(f"read_codes(): the codes must be a table (a DataFrame), the path of a CSV, or the name "
                           f"of a coding the kit ships ('seeds_example'). Got {type(codes).__name__} {codes!r:.60}.")
    if not isinstance(codes, pd.DataFrame):
        from pathlib import Path

        path = Path(codes)
        bundled = bundled_dir("data") / "coding" / f"{codes}.csv" if isinstance(codes, str) else None
        if not path.is_file() and bundled is not None and "/" not in codes and bundled.is_file():
            path = bundled  # a coding that ships with the kit, by name ("seeds_example")
        if not path.is_file():
            raise FramingError(f"{path}: no such file of codes (the kit ships: "
                               + ", ".join(sorted(p.stem for p in (bundled_dir("data") / "coding").glob("*.csv")))
                               + ").")
        codes = _read_table(path)
        where = f"{path}, "
    # a spreadsheet's empty trailing columns ("Unnamed: 8"): dropped; one with values is named
    for column in [c for c in codes.columns if str(c).startswith("Unnamed: ") or not str(c).strip()]:
        if any(_cell(v) for v in codes[column]):
            raise FramingError(f"{where.rstrip(', ') or 'the codes'}: a column with no name holds values "
                               f"({column!r}): give it a frame id as its header, or delete it.")
        codes = codes.drop(columns=[column])
    missing = [c for c in ("unit", "coder") if c not in codes.columns]
    if missing:
        raise FramingError(f"{where.rstrip(', ') or 'the codes'}: no {' or '.join(missing)} column "
                           f"(its columns: {', '.join(map(str, codes.columns))}).")
    known = _frame_ids(lexicon, None, "read_codes") if lexicon is not None else None
    tidy = {"frame", "present"} <= set(codes.columns)
    meta = {"unit", "doc_id", "paragraph", "text", "coder", "primary", "outlet", "event", "note", "frame",
            "present"}
    frames = [] if tidy else [c for c in codes.columns if c not in meta]
    if not tidy and not frames:
        raise FramingError(f"{where.rstrip(', ') or 'the codes'}: no frame column to read (a sheet from "
                           "coding_sheet() has one column per frame).")
    if known is not None:
        import difflib

        for f in (frames if not tidy else sorted(set(map(str, codes["frame"])) - {PRIMARY})):
            if f not in known:
                close = difflib.get_close_matches(str(f), known, n=1)
                raise FramingError(f"{where.rstrip(', ') or 'the codes'}: {f!r} is not a frame of the lexicon"
                                   + (f" (did you mean {close[0]!r}?)" if close else "") + ".")
    rows, seen = [], {}
    for i, record in enumerate(codes.to_dict("records")):
        line = f"{where}line {i + 2}" if where else f"row {i}"
        unit, coder = " ".join(str(record["unit"]).split()), " ".join(str(record["coder"]).split())
        if not unit:
            raise FramingError(f"{line}: no unit.")
        primary = _cell(record.get("primary", "")) if "primary" in codes.columns else ""
        if tidy and str(record["frame"]) == PRIMARY:
            cells = []  # a row of the primary frame only
        elif tidy:
            cells, primary = [(record["frame"], record["present"])], ""
        else:
            cells = [(f, record[f]) for f in frames]
        values = []
        for frame, value in cells:
            text = _cell(value)
            if not text and primary and str(frame).casefold() == primary:
                text = "1"  # the paragraph's primary frame is in it, ticked or not
            if text in YES:
                values.append((str(frame), True))
            elif text in NO:
                values.append((str(frame), False if text else None))
            else:
                raise FramingError(f"{line}: {value!r} in {frame} (unit {unit}): write 1 when the frame is in "
                                   "the paragraph, 0 (or nothing) when it is not.")
        if (not tidy and all(v is None for _, v in values) and not primary) or (tidy and not cells and not primary):
            continue  # not coded yet
        for frame, value in values:
            key = (unit, coder, frame)
            if key in seen:
                raise FramingError(f"{line}: {coder or '(no coder)'} coded {frame} of {unit} already on "
                                   f"{seen[key]}.")
            seen[key] = line
            rows.append({"unit": unit, "coder": coder, "frame": frame, "present": bool(value),
                         "primary": ""})
        if primary:
            key = (unit, coder, PRIMARY)
            if key in seen:
                raise FramingError(f"{line}: {coder or '(no coder)'} gave {unit} a primary frame already on "
                                   f"{seen[key]}.")
            seen[key] = line
            allowed = set(frames if not tidy else (known or [])) | {"none"}
            if (frames or known) and primary not in {a.casefold() for a in allowed}:
                raise FramingError(f"{line}: the primary frame {record.get('primary')!r} of {unit} is not one of "
                                   f"the frames coded ({', '.join(sorted(allowed))}).")
            primary = next((a for a in allowed if a.casefold() == primary), primary)
            rows.append({"unit": unit, "coder": coder, "frame": PRIMARY, "present": pd.NA, "primary": primary})
    out = pd.DataFrame(rows, columns=["unit", "coder", "frame", "present", "primary"])
    out["present"] = out["present"].astype("boolean")
    return out


def _sheet_frames(sheet) -> list[str]:
    fixed = {"unit", "doc_id", "paragraph", "text", "coder", "primary", "outlet", "event", "note"}
    return [c for c in sheet.columns if c not in fixed]


class CodingForm:
    """The form :func:`coding_form` shows: one paragraph at a time, a box per frame, saved as you go.

    ``form.sheet`` is the sheet as coded so far (a DataFrame, the columns of
    :func:`coding_sheet`); the CSV at ``form.path`` always holds the same.
    """

    def __init__(self, sheet, path, names: dict):
        import ipywidgets as w

        self.sheet, self.path, self.frames = sheet.reset_index(drop=True).copy(), path, _sheet_frames(sheet)
        self.sheet = self.sheet.astype({f: object for f in [*self.frames, "primary"]})
        self.at = 0
        self.title = w.HTML()
        self.text = w.HTML(layout=w.Layout(border="1px solid #ccc", padding="6px 12px", max_width="100%"))
        self.boxes = {f: w.Checkbox(description=names.get(f, f), indent=False,
                                    layout=w.Layout(width="auto")) for f in self.frames}
        options = [("(not chosen)", ""), ("none of these", "none")] + [(names.get(f, f), f) for f in self.frames]
        self.primary = w.Dropdown(options=options, description="Primary frame:",
                                  style={"description_width": "initial"})
        self.back = w.Button(description="◀ Previous")
        self.next = w.Button(description="Save and next ▶", button_style="primary")
        self.status = w.HTML()
        self.back.on_click(lambda _: self._go(-1))
        self.next.on_click(lambda _: self._go(+1))
        self.dirty, self._loading = False, False
        for widget in [*self.boxes.values(), self.primary]:
            widget.observe(self._touched, names="value")
        # start at the first paragraph not coded yet (where the student stopped)
        coded = [self._coded(r) for _, r in self.sheet.iterrows()]
        self.at = coded.index(False) if False in coded else 0
        self.widget = w.VBox([self.title, self.text, w.HTML("<b>Frames in this paragraph</b> (tick every one you "
                                                            "see, by meaning, not only by its words):"),
                              *self.boxes.values(), self.primary, w.HBox([self.back, self.next]), self.status])
        self._show()

    def _coded(self, row) -> bool:
        return any(_cell(row[f]) for f in self.frames) or bool(_cell(row["primary"]))

    def _touched(self, change) -> None:
        if not self._loading:
            self.dirty = True

    def _show(self) -> None:
        from html import escape

        self._loading = True
        row = self.sheet.iloc[self.at]
        self.title.value = (f"<b>Paragraph {self.at + 1} of {len(self.sheet)}</b> "
                            f"<code>{escape(str(row['unit']))}</code>")
        self.text.value = (f'<div dir="rtl" lang="ar" style="font-size:1.25em;line-height:1.9;text-align:right">'
                           f"{escape(str(row['text']))}</div>")
        for f, box in self.boxes.items():
            box.value = _cell(row[f]) in YES
        primary = _cell(row["primary"])
        self.primary.value = primary if primary in {v for _, v in self.primary.options} else ""
        self.back.disabled = self.at == 0
        self.next.description = "Save and next ▶" if self.at < len(self.sheet) - 1 else "Save"
        done = sum(1 for _, r in self.sheet.iterrows() if self._coded(r))
        self.status.value = f"{done} of {len(self.sheet)} coded; saved in <code>{escape(str(self.path))}</code>"
        self._loading, self.dirty = False, False

    def _save_current(self) -> None:
        for f, box in self.boxes.items():
            self.sheet.at[self.at, f] = "1" if box.value else "0"
        self.sheet.at[self.at, "primary"] = self.primary.value
        self.sheet.to_csv(self.path, index=False, encoding="utf-8-sig")

    def _go(self, step: int) -> None:
        # Save and next codes the paragraph shown; Previous saves it only if something was changed on it
        if step > 0 or self.dirty:
            self._save_current()
        self.at = min(max(self.at + step, 0), len(self.sheet) - 1)
        self._show()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def __repr__(self) -> str:
        return f"CodingForm({len(self.sheet)} paragraphs, saved in {self.path})"


@validate_params({"sheet": [Frame("the sheet coding_sheet() made")], "path": [PathLike()],
                  "lexicon": [Checked("load_lexicon")]})
def coding_form(sheet, path="my_codes.csv", *, lexicon="seeds") -> CodingForm:
    """Code a sheet's paragraphs in the notebook: one paragraph at a time, a tick box per frame.

    Every *Save and next* writes the whole sheet to ``path`` (a CSV that
    :func:`read_codes` reads). Run the cell again later and the form starts
    from what ``path`` holds, so nothing coded is lost when the kernel
    restarts. Works wherever ipywidgets does: JupyterLab, Binder and the
    kit's JupyterLite site. Without ipywidgets it shows what to do instead
    (it does not raise, so that *Run All* goes on).

    Parameters
    ----------
    sheet : pandas.DataFrame
        From :func:`coding_sheet`.
    path : str or path, default "my_codes.csv"
        Where the codes are saved (and read back from, when it exists and
        holds the same paragraphs).
    lexicon : str, path or Lexicon, default "seeds"
        Gives the frames' names on the tick boxes.

    Returns
    -------
    CodingForm
        Shown as the form in a notebook; ``.sheet`` is the sheet as coded.
        Without ipywidgets, a ``NoForm`` that shows what to do instead.

    Examples
    --------
    >>> import framing, tempfile, os
    >>> sheet = framing.coding_sheet(framing.load_corpus(), n=2, frames=["war_invasion"], coder="amal")
    >>> form = framing.coding_form(sheet, os.path.join(tempfile.mkdtemp(), "codes.csv"))
    >>> form.boxes["war_invasion"].value = True
    >>> form.next.click()                      # what the button does: save, then the next paragraph
    >>> form.sheet.war_invasion.tolist()
    ['1', '']
    """
    from pathlib import Path

    import pandas as pd

    from framing.lexicon import load_lexicon

    if not isinstance(sheet, pd.DataFrame) or not {"unit", "text", "primary"} <= set(sheet.columns):
        raise FramingError("coding_form(): give the sheet coding_sheet() made (a table with unit, text, a column "
                           "per frame and primary).")
    if not _sheet_frames(sheet) or sheet.empty:
        raise FramingError("coding_form(): the sheet has no frame column or no paragraph to code.")
    path = Path(path)
    if path.is_file():
        saved = _read_table(path)
        if list(saved.get("unit", [])) != list(sheet["unit"]):
            raise FramingError(f"{path}: holds other paragraphs than this sheet (another seed or n?). Give another "
                               "path, or delete the file to start again.")
        mine, theirs = _sheet_frames(sheet), _sheet_frames(saved)
        if set(mine) != set(theirs):
            raise FramingError(f"{path}: was coded for the frames {', '.join(theirs)}, this sheet has "
                               f"{', '.join(mine)}: make the sheet with the same frames, or give another path.")
        sheet = sheet.copy()
        for column in [*mine, "primary"]:
            sheet[column] = saved[column].tolist()
    lex = load_lexicon(lexicon) if isinstance(lexicon, str) else lexicon
    names = {f: f"{n} ({f})" for f, n in zip(lex.frames["id"], lex.frames["name"])}
    try:
        import ipywidgets  # noqa: F401
    except ImportError:  # shown, not raised: "Run All" goes on to the cells that do not need the form
        first = _sheet_frames(sheet)[0]
        return NoForm(
            "coding_form() needs ipywidgets, which this Python does not have (python -m pip install ipywidgets, "
            "then restart the kernel). Or fill the sheet's columns with 1 and 0 yourself: "
            f"sheet.loc[0, '{first}'] = 1 ... then sheet.to_csv('{path}', index=False).", sheet)
    return CodingForm(sheet, path, names)


class NoForm:
    """What :func:`coding_form` gives where ipywidgets is missing: the message, shown, and the sheet."""

    def __init__(self, message: str, sheet):
        self.message, self.sheet = message, sheet

    def _repr_html_(self) -> str:
        from html import escape

        return ('<div style="border-left:4px solid #c60;padding:4px 10px"><b>No form here.</b> '
                f"{escape(self.message, quote=False)}</div>")

    def __repr__(self) -> str:
        return self.message
