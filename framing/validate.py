"""Checks on the arguments of the public verbs, with messages that teach."""

from __future__ import annotations

from framing.errors import FramingError, QueryError

__all__ = ["check_corpus", "REQUIRED_COLUMNS", "filter_corpus", "select_docs", "select_rows"]

_TEXT_COLUMNS = ("text", "text_clean", "furniture")

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

    The selection grammar of :func:`select_rows`, written as two keyword
    arguments; documents that match neither filter together are simply none.

    >>> import framing
    >>> select_docs(framing.load_corpus(), outlet=["Reuters", "Al-Monitor"], event="troops_dialogue")
    [False, False, False, False, True]
    """
    spec = {column: values for column, values in (("outlet", outlet), ("event", event)) if values is not None}
    if not spec:
        return [True] * len(corpus)
    return select_rows(corpus, spec, None, require_any=False)


def select_rows(corpus, spec, param: str | None, *, require_any: bool = True) -> list[bool]:
    """Rows chosen by a ``"KEY=VALUE,VALUE"`` string or a ``{column: values}`` dict: the one selection grammar.

    Each column's values are matched case-insensitively (:func:`filter_corpus`);
    several columns must all hold. The ``outlet`` / ``event`` filters of the
    search verbs are this grammar too (:func:`select_docs`).

    >>> import framing
    >>> corpus = framing.load_corpus()
    >>> sum(select_rows(corpus, "outlet=AFP-French,AFP-Arabic", "target"))
    2
    >>> select_rows(corpus, {"outlet": "Reuters", "event": "troops_dialogue"}, "target")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: The 'target' parameter {'outlet': 'Reuters', 'event': 'troops_dialogue'} matches no document (no document has all of these).
    """
    if isinstance(spec, str):
        key, sep, values = spec.partition("=")
        key = key.strip()
        values = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not key or not values:
            raise QueryError(
                f"The {param!r} parameter must be 'KEY=VALUE' on a metadata column, e.g. 'outlet=Reuters', "
                f"'event=troops_dialogue', 'outlet=AFP-French,AFP-Arabic', or a dict like {{'outlet': 'Reuters'}}. "
                f"Got {spec!r} instead.{_bare_value_hint(corpus, spec)}"
            )
        spec = {key: values}
    elif not isinstance(spec, dict) or not spec:
        raise QueryError(
            f"The {param!r} parameter must be a 'KEY=VALUE' string such as 'outlet=Reuters' or a non-empty "
            f"dict like {{'outlet': 'Reuters'}}. Got {spec!r:.60} instead."
        )
    usable = [str(c) for c in corpus.columns if c not in _TEXT_COLUMNS]
    keep = [True] * len(corpus)
    for column, values in spec.items():
        if column not in usable and param is not None:
            close = [c for c in usable if c.casefold() == str(column).strip().casefold()]
            raise QueryError(
                f"The {param!r} parameter chooses documents by the column {column!r}, which the corpus "
                f"{'uses for text' if column in corpus.columns else 'does not have'}. "
                f"Choose by one of: {', '.join(usable)}."
                + (f" Did you mean {close[0]!r}?" if close else "")
            )
        try:
            rows = filter_corpus(corpus, column, values)
        except FramingError as err:
            if param is None:  # a keyword filter (outlet=...): the message names the column already
                raise
            raise FramingError(f"In the {param!r} parameter: {err}") from None
        keep = [k and r for k, r in zip(keep, rows)]
    if require_any and not any(keep):
        raise FramingError(f"The {param!r} parameter {spec!r} matches no document (no document has all of these).")
    return keep


def _bare_value_hint(corpus, spec: str) -> str:
    """' Did you mean 'outlet=Reuters'?' when a bare value is a known outlet, event or doc_id."""
    first = spec.split(",")[0].strip().casefold()
    for column in ("outlet", "event", "doc_id"):
        if column in corpus.columns and first in set(corpus[column].astype(str).str.casefold()):
            return f" Did you mean {column + '=' + spec.strip()!r}?"
    return ""
