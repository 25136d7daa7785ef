"""The ``by`` grammar of the counting verbs: one group per outlet, event or document (internal)."""

from __future__ import annotations

from framing.errors import FramingError, check_choice

__all__ = ["BY", "group_labels"]

#: Accepted values of ``by``: one group per outlet, per event or per document.
BY = ("outlet", "event", "doc")


def group_labels(corpus, by: str):
    """For ``by``: the output columns naming a group, and each document's group (a tuple)."""
    check_choice("by", by, BY)
    has_event = "event" in corpus.columns
    if by == "event" and not has_event:
        raise FramingError(
            f"The corpus has no 'event' column, so by='event' cannot group it. Use by='outlet' or by='doc', "
            f"or add an event column to the metadata. Its columns are: {', '.join(map(str, corpus.columns))}."
        )
    if by == "doc":
        cols = ["doc_id", "outlet"] + (["event"] if has_event else [])
    else:
        cols = [by]
    labels = list(zip(*(corpus[c].astype(str).tolist() for c in cols)))
    return cols, labels
