"""The ``by`` grammar of every verb that groups documents (internal).

``by="doc"`` makes one group per document; any other value names a metadata
column of the corpus (``"outlet"``, ``"event"``, or one an instructor's corpus
brings, such as ``"date"`` or ``"machine_translated"``): one group per value.
The text columns cannot group.
"""

from __future__ import annotations

from framing.errors import QueryError

__all__ = ["BY", "TEXT_COLUMNS", "by_columns", "check_by", "group_labels"]

#: The usual values of ``by`` (any other metadata column works too).
BY = ("outlet", "event", "doc")
#: Columns that hold text, not metadata: they cannot group documents.
TEXT_COLUMNS = ("text", "text_clean", "furniture")


def by_columns(corpus) -> list[str]:
    """The values ``by`` accepts for this corpus: ``"doc"``, then its metadata columns."""
    return ["doc"] + [str(c) for c in corpus.columns if c not in TEXT_COLUMNS and c != "doc_id"]


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
    if by == "doc":
        cols = ["doc_id", "outlet"] + (["event"] if "event" in corpus.columns else [])
    else:
        cols = [by]
    labels = list(zip(*(corpus[c].astype(str).tolist() for c in cols)))
    return cols, labels
