"""Keyword in context (KWIC): every hit of a query, with the words around it."""

from __future__ import annotations

from framing.index import corpus_index
from framing.match import MODES, parse_query
from framing.params import (
    CORPUS,
    Boolean,
    Options,
    Selection,
    Text,
    Whole,
    validate_params,
)
from framing.search import candidates, concordance, find, hit_rows
from framing.validate import select_docs

__all__ = ["kwic", "SORT_KEYS"]

#: Accepted values of ``sort``: the first / second word before or after the
#: match, in reading order (in Arabic, the words before stand to its right).
SORT_KEYS = (None, "before1", "before2", "after1", "after2")
#: The names ``sort`` took before (L for left, R for right, in a left-to-right
#: language): refused, with their new names in the message.
_OLD_SORT_KEYS = {"L1": "before1", "L2": "before2", "R1": "after1", "R2": "after2"}


@validate_params({
    "corpus": [CORPUS], "query": [Text()], "window": [Whole(0)], "mode": [Options(MODES)],
    "outlet": [None, Selection()], "event": [None, Selection()], "sort": [Options(SORT_KEYS, renamed=_OLD_SORT_KEYS)],
    "furniture": [Boolean()], "fold_taa": [Boolean()],
})
def kwic(
    corpus,
    query: str,
    window: int = 5,
    *,
    mode: str = "clitic",
    outlet=None,
    event=None,
    sort: str | None = None,
    furniture: bool = False,
    fold_taa: bool = False,
):
    """Find every hit of ``query`` and show it with ``window`` tokens each side.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    query : str
        One word or several (consecutive tokens on one line: a phrase does
        not run across a line break). ``*`` stands for any letters
        (``هجوم*`` finds ``هجومها``).
    window : int, default 5
        Number of tokens of context on each side (tokens, not characters).
    mode : {"clitic", "exact", "regex"}, default "clitic"
        ``"clitic"`` finds the word with proclitics و ف ب ك ل and the
        article ال (``غزو`` finds ``للغزو``, ``الغزو``); ``"exact"`` only
        the word itself; ``"regex"`` takes a regular expression per word.
        The rule is in :mod:`framing.match`. Text and query are both
        normalised first, so diacritics and hamza spellings never matter.
    outlet, event : str or list of str, optional
        Keep only these outlets / events (case-insensitive).
    sort : {None, "before1", "before2", "after1", "after2"}, default None
        Order hits by the first or second word before (``"before1"``: the
        word just before the match) or after (``"after1"``) the match;
        ``None`` keeps document order. The key is the whole normalised
        token, clitics included: ``والميليشيات`` and ``الميليشيات`` sort
        apart. Context windows, unlike phrases, run across line breaks (the
        words after a headline can be its dateline).
    furniture : bool, default False
        Also search page furniture, credit lines and captions.
    fold_taa : bool, default False
        Also count taa marbuta ``ة`` and ``ه`` as one letter, in the text
        and in the query (``مشتركه``, typed with ه, is then found by
        ``مشتركة``). It also merges words such as ``عملية`` and a possessive
        ``عمليه``: read the concordance.

    Returns
    -------
    Concordance (a pandas.DataFrame)
        One row per hit: ``doc_id``, ``outlet``, ``event`` (if the corpus
        has one), ``before`` (the words before the match, in reading order:
        in Arabic they stand to its right), ``match`` (as printed),
        ``after`` (the words after it), ``start`` and ``end`` (character
        offsets of the match in the original ``text``). In a notebook it
        displays right to left.

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_corpus()
    >>> hits = framing.kwic(corpus, "غزو", window=3)
    >>> hits.groupby("outlet").size()
    outlet
    AFP-Arabic    1
    AFP-French    2
    Reuters       5
    dtype: int64
    >>> hits.match.tolist()[:3]
    ['الغزو', 'الغزو', 'للغزو']
    >>> row = hits.iloc[2]
    >>> corpus.text[1][row.start:row.end]
    'للغزو'
    >>> framing.kwic(corpus, "عملية عسكرية").doc_id.tolist()
    ['afp_ar_2023']
    """
    matchers = parse_query(query, mode=mode, fold_taa=fold_taa)
    keep = select_docs(corpus, outlet, event)

    idx = corpus_index(corpus, furniture=furniture)
    if len(matchers) > 1:
        places = [(d, t, len(matchers)) for d, t in find(idx, matchers) if keep[d]]
    else:  # one word: its places straight from the index, unpacked here, not through find()'s phrase checks
        places = [(p >> 32, p & 0xFFFFFFFF, 1) for p in candidates(idx, matchers[0]) if keep[p >> 32]]
    columns = hit_rows(idx, places, window, sort)
    return concordance(columns, idx.has_event, query, sort)
