"""Right-to-left display of results in a notebook.

JupyterLab strips ``<style>`` blocks from untrusted notebooks but keeps the
``dir`` attribute, ``<bdi>`` and inline ``style=``: so everything here is
inline. Each cell is wrapped in ``<bdi>`` so that a Latin name or a number
inside Arabic text cannot reorder its neighbours.
"""

from __future__ import annotations

import html

import pandas as pd

from framing.match import is_arabic

__all__ = ["Concordance", "concordance_html"]

MAX_ROWS = 60
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;white-space:nowrap;"
_FONT = "font-family:'Noto Naskh Arabic','Amiri','Noto Sans','DejaVu Sans',sans-serif;font-size:15px;"


def _cell(value, tag: str = "td", align: str = "right", extra: str = "", direction: str = "auto") -> str:
    # An explicit dir on <bdi>: with "auto" a context that starts with a Latin
    # word would be laid out left to right, misplacing the Arabic around it.
    text = html.escape("" if value is None else str(value))
    return f'<{tag} style="{_CELL}text-align:{align};{extra}"><bdi dir="{direction}">{text}</bdi></{tag}>'


def concordance_html(frame: pd.DataFrame, max_rows: int = MAX_ROWS) -> str:
    """HTML for a concordance: ``dir="rtl"`` when the matches are Arabic.

    In right-to-left order the words before the match (``left``) stand to
    the right of the keyword column and the words after it (``right``) to
    its left, as a reader of the Arabic text sees them.

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
    meta = [c for c in frame.columns if c not in ("left", "match", "right")]
    head_meta = [c for c in meta if c not in ("start", "end")]
    tail_meta = [c for c in meta if c in ("start", "end")]
    header = ['<th style="%s"></th>' % _CELL]
    header += [_cell(c, "th", start) for c in head_meta]
    header += [
        _cell("left (before)", "th", near, direction=direction),
        _cell("match", "th", "center", direction=direction),
        _cell("right (after)", "th", far, direction=direction),
    ]
    header += [_cell(c, "th", start) for c in tail_meta]
    body = []
    for label, row in frame.head(max_rows).iterrows():
        cells = [_cell(label, "td", start, "color:#888;")]
        cells += [_cell(row[c], "td", start, "font-size:12px;") for c in head_meta]
        cells += [
            _cell(row["left"], "td", near, direction=direction),
            _cell(row["match"], "td", "center", "font-weight:bold;color:#a01010;", direction),
            _cell(row["right"], "td", far, direction=direction),
        ]
        cells += [_cell(row[c], "td", start, "font-size:12px;") for c in tail_meta]
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(frame) > max_rows:
        more = f'<div dir="ltr" style="text-align:left;color:#666">... and {len(frame) - max_rows} more (index the DataFrame to see them)</div>'
    # The wrapper scrolls a wide table inside its own box, starting from the
    # reading side (doc_id first), not from the far end.
    return (
        f'<div dir="ltr" style="text-align:left;margin-bottom:4px;{_FONT}">{about}</div>'
        f'<div dir="{direction}" style="display:inline-block;max-width:100%;overflow-x:auto">'
        f'<table dir="{direction}" style="direction:{direction};border-collapse:collapse;{_FONT}">'
        f"<thead><tr>{''.join(header)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{more}"
    )


class Concordance(pd.DataFrame):
    """A pandas DataFrame of KWIC hits that displays right to left in Jupyter.

    It is an ordinary DataFrame in every other way: index it, filter it,
    ``.to_csv()`` it. Once its ``left`` / ``match`` / ``right`` columns are
    selected away it displays like any DataFrame.
    """

    @property
    def _constructor(self):
        return Concordance

    def _repr_html_(self):
        if not {"left", "match", "right", "doc_id"} <= set(self.columns):
            return pd.DataFrame(self)._repr_html_()
        return concordance_html(self)
