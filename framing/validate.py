"""Checks on the arguments of the public verbs, with messages that teach."""

from __future__ import annotations

from framing.errors import FramingError

__all__ = ["check_corpus", "REQUIRED_COLUMNS", "filter_corpus", "select_docs"]

#: Columns every corpus DataFrame must have.
REQUIRED_COLUMNS = ("doc_id", "outlet", "text")


def check_corpus(corpus, verb: str = "this function", *, swap: bool = True) -> None:
    """Raise a clear error unless ``corpus`` is a corpus DataFrame.

    >>> check_corpus("غزو", "kwic")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: kwic() takes the corpus DataFrame first (from framing.load_corpus()), but got a str: 'غزو'. Did you swap the arguments? Write kwic(corpus, 'غزو').
    """
    import pandas as pd

    if isinstance(corpus, str) and not swap:
        raise FramingError(
            f"{verb}() takes the corpus DataFrame (from framing.load_corpus()), but got a str: {corpus!r:.40}. "
            f"Write {verb}(corpus)."
        )
    if isinstance(corpus, str):
        raise FramingError(
            f"{verb}() takes the corpus DataFrame first (from framing.load_corpus()), "
            f"but got a str: {corpus!r:.40}. Did you swap the arguments? "
            f"Write {verb}(corpus, {corpus!r:.40})."
        )
    if not isinstance(corpus, pd.DataFrame):
        raise FramingError(
            f"{verb}() takes a corpus DataFrame (from framing.load_corpus()), "
            f"got {type(corpus).__name__}."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in corpus.columns]
    if missing:
        raise FramingError(
            f"The corpus has no column {missing[0]!r}; a corpus needs "
            f"{', '.join(REQUIRED_COLUMNS)}. Its columns are: {', '.join(map(str, corpus.columns))}."
        )
    # A DataFrame made by hand (pd.read_csv gives NaN for an empty cell) is not checked at load.
    bad = next(((doc, text) for doc, text in zip(corpus["doc_id"], corpus["text"]) if not isinstance(text, str)),
               None)
    if bad is not None:
        doc, text = bad
        raise FramingError(
            f"The text of document {doc!r} is {type(text).__name__} {text!r:.40}, not text: every row's "
            "'text' must be a str (an empty cell read by pandas becomes NaN). Drop or fill that row, or load "
            "the file with framing.load_corpus(path), which says which line is at fault."
        )


def filter_corpus(corpus, column: str, values) -> list[bool]:
    """Rows of ``corpus`` whose ``column`` is one of ``values`` (case-insensitive).

    ``values`` may be one value or a list. A value that no row has is an
    error that lists the values there are.

    >>> import framing
    >>> corpus = framing.load_corpus()
    >>> sum(filter_corpus(corpus, "outlet", "reuters"))
    1
    >>> filter_corpus(corpus, "outlet", "BBC")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: No document has outlet 'BBC'. The outlets are: AFP-Arabic, AFP-French, Al-Monitor, Reuters, unknown.
    """
    if column not in corpus.columns:
        raise FramingError(
            f"The corpus has no column {column!r} to filter on; its columns are: "
            f"{', '.join(map(str, corpus.columns))}."
        )
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        values = [values]
    have = corpus[column].astype(str)
    lowered = have.str.casefold()
    keep = [False] * len(corpus)
    for v in values:
        hit = (lowered == str(v).casefold()).tolist()
        if not any(hit):
            known = ", ".join(sorted(set(have), key=str.casefold))
            raise FramingError(f"No document has {column} {v!r}. The {column}s are: {known}.")
        keep = [a or b for a, b in zip(keep, hit)]
    return keep


def select_docs(corpus, outlet=None, event=None) -> list[bool]:
    """Which rows the ``outlet`` / ``event`` filters of a verb keep (None keeps all).

    >>> import framing
    >>> select_docs(framing.load_corpus(), outlet=["Reuters", "Al-Monitor"], event="troops_dialogue")
    [False, False, False, False, True]
    """
    keep = [True] * len(corpus)
    if outlet is not None:
        keep = filter_corpus(corpus, "outlet", outlet)
    if event is not None:
        keep = [a and b for a, b in zip(keep, filter_corpus(corpus, "event", event))]
    return keep
