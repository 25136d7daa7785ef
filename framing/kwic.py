"""Keyword in context (KWIC): every hit of a query, with the words around it."""

from __future__ import annotations

from itertools import chain

from framing.errors import check_choice, check_whole
from framing.index import corpus_index
from framing.match import parse_query
from framing.validate import check_corpus, select_docs

__all__ = ["kwic", "SORT_KEYS"]

#: Accepted values of ``sort``: the first / second word to the left
#: (before) or right (after) of the match, in reading order.
SORT_KEYS = (None, "L1", "L2", "R1", "R2")


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
    sort : {None, "L1", "L2", "R1", "R2"}, default None
        Order hits by the first or second word left (before) or right
        (after) of the match; ``None`` keeps document order. The key is the
        whole normalised token, clitics included: ``والميليشيات`` and
        ``الميليشيات`` sort apart. Context windows, unlike phrases, run
        across line breaks (a headline's right context can be its dateline).
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
        has one), ``left`` (the words before the match, in reading order:
        in Arabic they stand to its right), ``match`` (as printed),
        ``right`` (the words after it), ``start`` and ``end`` (character
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
    check_corpus(corpus, "kwic")
    matchers = parse_query(query, mode=mode, fold_taa=fold_taa)
    check_whole("window", window, 0)
    check_choice("sort", sort, SORT_KEYS)
    keep = select_docs(corpus, outlet, event)

    idx = corpus_index(corpus, furniture=furniture)
    columns = {c: [] for c in ("doc_id", "outlet", "event", "left", "match", "right", "start", "end", "_key")}
    for d, t in _find(idx, matchers):
        if keep[d]:
            _add_row(columns, idx, d, t, len(matchers), window, sort)
    return _as_concordance(columns, idx.has_event, query, sort)


def _candidates(idx, matcher):
    """Packed places (doc << 32 | token) of every token the first word matches, in order."""
    if matcher.forms is not None:
        found = [idx.postings[f] for f in matcher.forms if f in idx.postings]
    else:
        found = [places for norm, places in idx.postings.items() if matcher(norm)]
    if len(found) == 1:
        return found[0]
    return sorted(chain.from_iterable(found))


def _find(idx, matchers):
    """All (doc, token) places where the query's words match consecutive tokens."""
    rest = list(enumerate(matchers[1:], start=1))
    for p in _candidates(idx, matchers[0]):
        d, t = p >> 32, p & 0xFFFFFFFF
        if rest:
            doc = idx.docs[d]
            norms = doc.norms
            if t + len(matchers) > len(norms) or not all(m(norms[t + k]) for k, m in rest):
                continue
            # a phrase does not run across a line break (headline into dateline, say)
            if "\n" in doc.text[doc.ends[t]:doc.starts[t + len(matchers) - 1]]:
                continue
        yield d, t


def hits_by_doc(idx, matchers) -> dict[int, list[int]]:
    """The token numbers of every hit, per document number (documents without a hit left out)."""
    hits: dict[int, list[int]] = {}
    for d, t in _find(idx, matchers):
        hits.setdefault(d, []).append(t)
    return hits


def _slice(doc, a: int, b: int, drop_furniture: bool) -> str:
    """Original text between offsets a and b, furniture removed, spaces folded."""
    if a >= b:
        return ""
    piece = doc.text[a:b]
    if drop_furniture and doc.furniture:
        for fa, fb in reversed(doc.furniture):
            if fa < b and fb > a:
                lo, hi = max(fa, a) - a, min(fb, b) - a
                piece = piece[:lo] + " " + piece[hi:]
    return " ".join(piece.split())


def _add_row(columns, idx, d, t, n, window, sort):
    doc = idx.docs[d]
    last = t + n - 1
    lo, hi = max(0, t - window), min(len(doc.norms), last + 1 + window)
    drop = idx.drop_furniture
    start, end = doc.starts[t], doc.ends[last]
    columns["doc_id"].append(doc.doc_id)
    columns["outlet"].append(doc.outlet)
    columns["event"].append(doc.event)
    columns["left"].append(_slice(doc, doc.starts[lo], start, drop) if lo < t else "")
    columns["match"].append(doc.text[start:end] if n == 1 else _slice(doc, start, end, drop))
    columns["right"].append(_slice(doc, end, doc.ends[hi - 1], drop) if hi - 1 > last else "")
    columns["start"].append(start)
    columns["end"].append(end)
    if sort:
        side, k = sort[0], int(sort[1])
        pos = t - k if side == "L" else last + k
        columns["_key"].append(doc.norms[pos] if 0 <= pos < len(doc.norms) else "")


def _as_concordance(columns, has_event, query, sort):
    from framing.display import Concordance

    names = ["doc_id", "outlet"] + (["event"] if has_event else []) + ["left", "match", "right", "start", "end"]
    data = {c: columns[c] for c in names}
    if sort:  # stable: document order within ties
        order = sorted(range(len(columns["_key"])), key=columns["_key"].__getitem__)
        data = {c: [v[i] for i in order] for c, v in data.items()}
    result = Concordance(data, columns=names)
    result = result.astype({"start": "int64", "end": "int64"})
    result.attrs["query"] = query
    return result
