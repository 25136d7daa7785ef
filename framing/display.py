"""Right-to-left display of results in a notebook.

JupyterLab strips ``<style>`` blocks from untrusted notebooks but keeps the
``dir`` attribute, ``<bdi>`` and inline ``style=``: so everything here is
inline. Each cell is wrapped in ``<bdi>`` so that a Latin name or a number
inside Arabic text cannot reorder its neighbours.
"""

from __future__ import annotations

import html
import re
import sys

import pandas as pd

from framing.normalize import is_arabic

__all__ = ["Concordance", "Table", "as_table", "concordance_html", "html_for_any_frame", "table_html", "trim_context"]

MAX_ROWS = 60
#: Characters of context shown on each side of a match in a concordance's
#: table (whole words; longer contexts are trimmed visibly with …), so that
#: the match and its context fit a 1000 px notebook pane without scrolling.
CONTEXT_CHARS = 30
#: What a concordance may take of a 1000 px notebook pane (the prompt and padding take the
#: rest); with many label columns, fewer characters of context are shown (never under 12).
PANE_PX = 860
_TIGHT = "padding:2px 4px;"  # label columns: half the padding of the text
_LABEL_PX, _MATCH_PX, _TEXT_PX = 7.2, 7.5, 6.2  # average character widths: 12 px labels, 15 px bold, 15 px Arabic
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;white-space:nowrap;"
_FONT = "font-family:'Noto Naskh Arabic','Amiri','Noto Sans','DejaVu Sans',sans-serif;font-size:15px;"


def _cell(value, tag: str = "td", align: str = "right", extra: str = "", direction: str = "auto") -> str:
    # An explicit dir on <bdi>: with "auto" a context that starts with a Latin
    # word would be laid out left to right, misplacing the Arabic around it.
    text = html.escape("" if value is None else str(value))
    return f'<{tag} style="{_CELL}text-align:{align};{extra}"><bdi dir="{direction}">{text}</bdi></{tag}>'


def trim_context(text, side: str, limit: int | None = CONTEXT_CHARS) -> str:
    """``text`` cut to about ``limit`` characters of whole words, keeping the end nearest the match.

    ``side`` is ``"before"`` (the words before the match: the last words
    are kept) or ``"after"`` (the words after it: the first are kept). The
    cut is marked with an ellipsis on the far side. ``limit=None`` keeps it all.

    >>> trim_context("قال وزير الدفاع الأمريكي لويد أوستن", "before", 12)
    '… لويد أوستن'
    >>> trim_context("قال وزير الدفاع الأمريكي لويد أوستن", "after", 12)
    'قال وزير …'
    """
    text = "" if text is None else str(text)
    if limit is None or len(text) <= limit:
        return text
    if side == "before":
        cut = text[-limit:]
        if not text[-limit - 1].isspace() and " " in cut:
            cut = cut.split(" ", 1)[1]
        return "… " + cut.strip()
    cut = text[:limit]
    if not text[limit].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.strip() + " …"


def _context_chars(rows: pd.DataFrame, labels: list, limit: int | None) -> int | None:
    """Characters of context per side that let the table fit :data:`PANE_PX` (at most ``limit``)."""
    if limit is None:
        return None
    used = 40.0  # the row number
    for c in labels:
        used += max([len(str(c))] + [len(str(v)) for v in rows[c]]) * _LABEL_PX + 8
    used += max([5] + [len(str(m)) for m in rows["match"]]) * _MATCH_PX + 16
    return max(12, min(limit, int(((PANE_PX - used) / 2 - 16) / _TEXT_PX)))


def concordance_html(frame: pd.DataFrame, max_rows: int = MAX_ROWS, context: int | None = CONTEXT_CHARS) -> str:
    """HTML for a concordance: ``dir="rtl"`` when the matches are Arabic.

    In right-to-left order the words before the match (``before``) stand
    to the right of the keyword column and the words after it (``after``)
    to its left, as a reader of the Arabic text sees them. Contexts longer
    than ``context`` characters (fewer when there are many label columns,
    so that the table fits a 1000 px pane) are trimmed to whole words with
    an ellipsis, and the page says so (the DataFrame keeps them whole);
    ``context=None`` wraps them instead, for reading whole lines. The
    character offsets (``start``, ``end``) are not columns of the page: they
    show when the pointer rests on the row number.

    >>> import framing
    >>> page = concordance_html(framing.kwic(framing.load_corpus(), "غزو"))
    >>> '<table dir="rtl"' in page and '<bdi dir="rtl">للغزو</bdi>' in page
    True
    """
    rtl = any(is_arabic(m) for m in frame["match"].head(50))
    direction = "rtl" if rtl else "ltr"
    near, far = ("left", "right") if rtl else ("right", "left")
    start = far  # JupyterLab's sanitiser drops text-align:start; say left or right
    query = frame.attrs.get("query")
    docs = frame["doc_id"].nunique() if len(frame) else 0
    about = f"Keyword-in-context with {len(frame)} match{'es' if len(frame) != 1 else ''}"
    if query:
        about += f' of <bdi dir="auto">{html.escape(query)}</bdi>'
    about += f" in {docs} document{'s' if docs != 1 else ''}."
    head_meta = [c for c in frame.columns if c not in ("before", "match", "after", "start", "end")]
    rows = frame.head(max_rows)
    context = _context_chars(rows, head_meta, context)
    # Wrapped contexts (context=None): the table takes the pane's width, and the two
    # contexts, the only cells that may wrap, share what the other columns leave.
    wrap = "white-space:normal;min-width:8em;" if context is None else ""
    # (JupyterLab gives HTML tables table-layout:fixed, which would share the width out evenly)
    width = "width:100%;table-layout:auto;" if context is None else ""
    # ... and the other columns, none of which wraps, take only the width of what they hold
    snug = "width:1%;" if context is None else ""
    header = ['<th style="%s"></th>' % _CELL]
    header += [_cell(c, "th", start, _TIGHT) for c in head_meta]
    header += [
        _cell("before", "th", near, direction=direction),
        _cell("match", "th", "center", direction=direction),
        _cell("after", "th", far, direction=direction),
    ]
    body, trimmed = [], 0
    for label, row in rows.iterrows():
        before, after = trim_context(row["before"], "before", context), trim_context(row["after"], "after", context)
        trimmed += (before != str(row["before"])) + (after != str(row["after"]))
        where = ""
        if "start" in row.index and "end" in row.index:
            where = f' title="characters {row["start"]}-{row["end"]} of the text"'
        cells = [_cell(label, "td", start, "color:#888;" + snug).replace("<td ", f"<td{where} ", 1)]
        cells += [_cell(row[c], "td", start, "font-size:12px;" + _TIGHT + snug) for c in head_meta]
        cells += [
            _cell(before, "td", near, wrap, direction=direction),
            _cell(row["match"], "td", "center", "font-weight:bold;color:#a01010;" + snug, direction),
            _cell(after, "td", far, wrap, direction=direction),
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = []
    if trimmed:
        notes.append(f"Contexts longer than {context} characters are trimmed here (…); the DataFrame keeps them "
                     "whole: <code>.full()</code> shows every line in full, <code>.loc[i, \"before\"]</code> one.")
    if len(frame) > max_rows:
        notes.append(f"... and {len(frame) - max_rows} more (index the DataFrame to see them).")
    more = "".join(f'<div dir="ltr" style="text-align:left;color:#666">{n}</div>' for n in notes)
    # The wrapper scrolls a table that is still too wide inside its own box, starting from
    # the reading side (doc_id first), not from the far end.
    return (
        f'<div dir="ltr" style="text-align:left;margin-bottom:4px;{_FONT}">{about}</div>'
        f'<div dir="{direction}" style="display:{"block" if context is None else "inline-block"};max-width:100%;overflow-x:auto">'
        f'<table dir="{direction}" style="direction:{direction};border-collapse:collapse;{width}{_FONT}">'
        f"<thead><tr>{''.join(header)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{more}"
    )


class _Page:
    """Something a notebook displays as the HTML it is given."""

    def __init__(self, page: str):
        self.page = page

    def _repr_html_(self) -> str:
        return self.page


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HTML_CELL = re.compile(r"<(td|th)((?: [^>]*)?)>(.*?)</\1>", re.S)
_ARABIC_CELL = f"text-align:right;{_FONT}"
# First-strong isolate and pop: a cell's Arabic cannot reorder its neighbours in printed text.
_FSI, _PDI = "\u2068", "\u2069"


def in_notebook() -> bool:
    """True in a Jupyter kernel (ipykernel, or Pyodide's in JupyterLite), where printed text is laid out by a browser.

    A terminal does not reorder right-to-left text, so printed tables are
    isolated (see :class:`Table`) only where a browser shows them.
    """
    if sys.platform == "emscripten":
        return True
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    # a kernel's shell has a kernel; IPython's terminal shell, or a test that imported ipykernel, has none
    return getattr(shell, "kernel", None) is not None


def _texty(values) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _has_arabic(value) -> bool:
    return isinstance(value, str) and _ARABIC.search(value) is not None


def _rtl_cells(page: str) -> str:
    def cell(m):
        tag, attrs, inner = m.groups()
        if not _ARABIC.search(html.unescape(inner)) or "style=" in attrs:
            return m.group(0)
        return f'<{tag}{attrs} style="{_ARABIC_CELL}"><bdi dir="rtl">{inner}</bdi></{tag}>'

    return _HTML_CELL.sub(cell, page)


def table_html(frame) -> str:
    """pandas' own HTML for ``frame``, with every cell that holds Arabic right to left.

    Each such cell (a value, a row label or a column name) is wrapped in
    ``<bdi dir="rtl">``, right-aligned, in a font with Arabic: it stays in its
    column under its header, and a number or Latin word inside it keeps its
    place. Rows, columns and truncation follow pandas' display options.

    >>> t = table_html(pd.DataFrame({"term": ["غزو", "Iraq"], "n": [5, -2]}))
    >>> '<bdi dir="rtl">غزو</bdi>' in t and "<td>Iraq</td>" in t and "<td>-2</td>" in t
    True
    """
    return _rtl_cells(pd.DataFrame(frame)._repr_html_() if isinstance(frame, pd.DataFrame)
                      else pd.Series(frame).to_frame()._repr_html_())


def _wrap(values) -> list:
    return [f"{_FSI}{v}{_PDI}" for v in values]


def _isolated_index(index: pd.Index) -> pd.Index:
    """Row labels for printing: all isolated when one holds Arabic (so that they stay aligned)."""
    if isinstance(index, pd.MultiIndex) or not any(_has_arabic(v) for v in index):
        return index
    return pd.Index(_wrap(index), name=index.name)


def _isolated(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for printing: each column, index and header holding Arabic has every cell isolated.

    All cells of such a column get the same two invisible characters, so
    pandas' widths stay aligned within the column.
    """
    out = pd.DataFrame(frame).copy()
    renamed = {}
    for i, col in enumerate(out.columns):
        values = out.iloc[:, i]
        if _texty(values) and any(_has_arabic(v) for v in values):
            out.isetitem(i, _wrap(values))
            renamed[col] = f"{_FSI}{col}{_PDI}"
    if renamed and not isinstance(out.columns, pd.MultiIndex):
        out.columns = [renamed.get(c, c) for c in out.columns]
    out.index = _isolated_index(out.index)
    if not isinstance(out.columns, pd.MultiIndex) and any(_has_arabic(c) for c in out.columns if c not in renamed.values()):
        out.columns = [c if c in renamed.values() else f"{_FSI}{c}{_PDI}" for c in out.columns]
    return out


class Column(pd.Series):
    """A column of a :class:`Table`: an ordinary pandas Series that shows Arabic right to left."""

    @property
    def _constructor(self):
        return Column

    @property
    def _constructor_expanddim(self):
        return Table

    def _holds_arabic(self) -> bool:
        return any(_has_arabic(v) for v in self.head(200)) or any(_has_arabic(v) for v in self.index[:200])

    def __repr__(self) -> str:
        if not in_notebook() or not self._holds_arabic():
            return pd.Series.__repr__(self)
        # the same rule as a Table's: every cell of the values (or of the labels) isolated when
        # one holds Arabic, so that they all stay aligned
        shown = pd.Series(self).copy()
        if _texty(shown) and any(_has_arabic(v) for v in shown):
            shown = pd.Series(_wrap(shown), index=shown.index, name=shown.name)
        shown.index = _isolated_index(shown.index)
        return pd.Series.__repr__(shown)

    def _repr_html_(self):
        # as a table when it holds Arabic; otherwise None, and the notebook shows pandas' text
        return table_html(pd.Series(self)) if self._holds_arabic() else None


class Table(pd.DataFrame):
    """A pandas DataFrame whose Arabic cells display right to left, each under its header.

    Every result of the kit that holds Arabic is a Table: ``terms``,
    ``tfidf``, ``top_terms``, ``keyness``, ``collocates``, ``frame_counts``,
    ``choices``, ``dispersion``, ``tokens``, ``summary`` and the corpus itself.
    It is an ordinary DataFrame in every other way, and what is made from it
    (a selection, a filter, a pivot, a groupby) is a Table too. In a notebook
    it shows as pandas' HTML table with each Arabic cell right to left;
    printed in a notebook (``print(table)``), each Arabic cell is isolated
    (Unicode's first-strong isolate), so a number beside it keeps its sign
    and its column: the browser would otherwise lay the Arabic cell and its
    neighbours out as one right-to-left run. A terminal does not reorder
    text, so there it prints as pandas does.

    >>> t = Table({"term": ["غزو"], "G2": [-3.97]})
    >>> print(t)
      term    G2
    0  غزو -3.97
    >>> type(t[t.G2 < 0]).__name__, type(t["term"]).__name__
    ('Table', 'Column')
    """

    @property
    def _constructor(self):
        return Table

    @property
    def _constructor_sliced(self):
        return Column

    def __repr__(self) -> str:
        return pd.DataFrame.__repr__(_isolated(self) if self._isolate() else pd.DataFrame(self))

    def to_string(self, *args, **kwargs):
        """As :meth:`pandas.DataFrame.to_string`, with each Arabic cell isolated in a notebook (see the class)."""
        return pd.DataFrame.to_string(_isolated(self) if self._isolate() else pd.DataFrame(self), *args, **kwargs)

    def _isolate(self) -> bool:
        if not in_notebook():
            return False
        head = self.head(200)
        return (any(Column(head.iloc[:, col])._holds_arabic() for col in range(head.shape[1]))
                or any(_has_arabic(c) for c in self.columns))

    def _repr_html_(self):
        return table_html(self)


def html_for_any_frame(obj):
    """IPython's HTML for a DataFrame or Series made without the kit (``pd.DataFrame(...)``).

    :func:`framing.display_hook.show_arabic_in_every_table` gives it to IPython for every table.

    >>> '<bdi dir="rtl">غزو</bdi>' in html_for_any_frame(pd.DataFrame({"term": ["غزو"]}))
    True
    """
    if isinstance(obj, (Table, Column)):
        return obj._repr_html_()
    if isinstance(obj, pd.Series):
        return Column(obj)._repr_html_()  # a table if it holds Arabic, else None: IPython shows the text
    return table_html(obj)


def as_table(frame: pd.DataFrame) -> Table:
    """``frame`` as a :class:`Table` (same data, same ``attrs``).

    >>> type(as_table(pd.DataFrame({"term": ["غزو"]}))).__name__
    'Table'
    """
    table = Table(frame)
    table.attrs = dict(frame.attrs)
    return table


class Concordance(Table):
    """A pandas DataFrame of KWIC hits that displays right to left in Jupyter.

    It is an ordinary DataFrame in every other way: index it, filter it,
    ``.to_csv()`` it. Once its ``before`` / ``match`` / ``after`` columns are
    selected away it displays like any DataFrame.
    """

    @property
    def _constructor(self):
        return Concordance

    def _is_concordance(self) -> bool:
        return {"before", "match", "after", "doc_id"} <= set(self.columns)

    def _repr_html_(self):
        if not self._is_concordance():
            return table_html(self)
        return concordance_html(self)

    def full(self, max_rows: int = MAX_ROWS):
        """The concordance with every context whole, wrapped over lines (for reading, not scanning).

        >>> import framing
        >>> hits = framing.kwic(framing.load_corpus(), "غزو", window=20)
        >>> "white-space:normal" in hits.full()._repr_html_()
        True
        """
        if not self._is_concordance():
            raise ValueError("full() shows a concordance: this table has no before, match and after columns")
        return _Page(concordance_html(self, max_rows, context=None))
