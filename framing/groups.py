"""The ``by`` grammar of every verb that groups documents (internal).

``by="doc"`` makes one group per document; any other value names a metadata
column of the corpus (``"outlet"``, ``"event"``, or one an instructor's corpus
brings, such as ``"date"`` or ``"machine_translated"``): one group per value.
The text columns cannot group. When the corpus has a ``date`` column (and no
column of that name), ``by="year"`` and ``by="month"`` group by the date's
year (``2023``) or month (``2023-03``), for corpora that span years; a
document whose date does not say it stops with its ``doc_id`` and its date.
"""

from __future__ import annotations

import re

from framing.display import as_table
from framing.errors import QueryError

__all__ = ["BY", "DATE_PARTS", "TEXT_COLUMNS", "by_columns", "check_by", "date_part", "group_labels", "rank_group",
           "stack_groups"]

#: The usual values of ``by`` (any other metadata column works too).
BY = ("outlet", "event", "doc")
#: Columns that hold text, not metadata: they cannot group documents.
TEXT_COLUMNS = ("text", "text_clean", "furniture")


#: Groupings made from the ``date`` column, and the part of the date each keeps.
DATE_PARTS = {"year": re.compile(r"(\d{4})(?:-\d{2}(?:-\d{2})?)?"), "month": re.compile(r"(\d{4}-\d{2})(?:-\d{2})?")}


def by_columns(corpus) -> list[str]:
    """The values ``by`` accepts for this corpus: ``"doc"``, its metadata columns, and year/month from a date."""
    columns = [str(c) for c in corpus.columns if c not in TEXT_COLUMNS and c != "doc_id"]
    dated = [p for p in DATE_PARTS if "date" in columns and p not in columns]
    return ["doc"] + columns + dated


def date_part(corpus, part: str, verb: str) -> list[str]:
    """Each document's year or month, from its ``date`` (``2023-03-07``, ``2023-03`` or ``2023``).

    >>> import framing
    >>> date_part(framing.load_corpus(), "year", "frame_counts")
    ['2023', '2023', '2023', '2021', '2024']
    """
    out = []
    for doc_id, value in zip(corpus["doc_id"], corpus["date"]):
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
        m = DATE_PARTS[part].fullmatch(text[:10]) if text else None
        if not m:
            want = "a date like 2023-03-07 or 2023-03" if part == "month" else "a date like 2023-03-07, or a year"
            raise QueryError(f"{verb}(by={part!r}): document {doc_id!r} has the date {text!r}, and by={part!r} "
                             f"needs {want}. Fix its date in the metadata, or group by another column.")
        out.append(m[1])
    return out


def check_by(corpus, by, verb: str, reserved: tuple = ()) -> None:
    """Raise the one message form unless ``by`` is ``"doc"`` or a metadata column.

    >>> import framing
    >>> check_by(framing.load_corpus(), "author", "tfidf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'by' parameter of tfidf() must be 'doc' or a metadata column of the corpus: 'outlet', ... Got 'author' instead.
    """
    usable = by_columns(corpus)
    if by in usable and by in reserved:
        raise QueryError(f"The 'by' column {by!r} has the name of one of {verb}()'s own columns "
                         f"({', '.join(reserved)}): rename it in the corpus, e.g. "
                         f"corpus.rename(columns={{{by!r}: {by + '_group'!r}}}).")
    if by not in usable:
        listed = ", ".join(repr(c) for c in usable[1:])
        close = [c for c in usable if isinstance(by, str) and c.casefold() == by.strip().casefold()]
        if by == "doc_id":
            hint = " Write by='doc' for one group per document."
        elif by == "event":
            hint = " This corpus has no 'event' column: add one to its metadata to group by event."
        elif close:
            hint = f" Did you mean {close[0]!r}?"
        else:
            hint = ""
        raise QueryError(f"The 'by' parameter of {verb}() must be 'doc' or a metadata column of the corpus: "
                         f"{listed}. Got {by!r} instead.{hint}")


def group_labels(corpus, by: str, verb: str = "this function"):
    """For ``by``: the output columns naming a group, and each document's group (a tuple).

    >>> import framing
    >>> cols, labels = group_labels(framing.load_corpus(), "event")
    >>> cols, labels[0]
    (['event'], ('austin_visit_2023',))
    """
    check_by(corpus, by, verb)
    if by in DATE_PARTS and by not in corpus.columns:
        return [by], [(v,) for v in date_part(corpus, by, verb)]
    if by == "doc":
        cols = ["doc_id", "outlet"] + (["event"] if "event" in corpus.columns else [])
    else:
        cols = [by]
    labels = list(zip(*(corpus[c].astype(str).tolist() for c in cols)))
    return cols, labels


def rank_group(table, count: str, key: str, top, cols: list, label: tuple):
    """One group's table, most frequent first (ties by ``key``), ranked from 1, cut to ``top``, its group first."""
    table = table.sort_values([count, key], ascending=[False, True], kind="stable")
    table["rank"] = range(1, len(table) + 1)
    if top is not None:
        table = table.head(top)
    for col, value in zip(cols, label):
        table.insert(cols.index(col), col, value)
    return table


def stack_groups(frames: list, cols: list, columns):
    """The groups' tables one under the other (an empty table with its columns when there is none)."""
    import pandas as pd

    if not frames:
        return as_table(pd.DataFrame(columns=cols + list(columns)))
    return as_table(pd.concat(frames, ignore_index=True))
