"""Finding a query's hits in a corpus index and cutting their context (internal).

Shared by every verb that searches: :func:`framing.kwic`,
:func:`framing.dispersion`, :func:`framing.frame_hits` and
:func:`framing.choice_hits`. A hit is a place ``(doc number, token number)``
in a :class:`framing.index.CorpusIndex`; a concordance row is cut from the
original text around it.
"""

from __future__ import annotations

import warnings
from itertools import chain

from framing.display import Concordance
from framing.errors import QueryError
from framing.match import QueryWarning, parse_query

__all__ = ["add_row", "candidates", "concordance", "context", "find", "hits_by_doc", "hits_table", "match_terms"]


def candidates(idx, matcher):
    """Packed places (doc << 32 | token) of every token the first word matches, in order."""
    if matcher.forms is not None:
        found = [idx.postings[f] for f in matcher.forms if f in idx.postings]
    else:
        found = [places for norm, places in idx.postings.items() if matcher(norm)]
    if len(found) == 1:
        return found[0]
    return sorted(chain.from_iterable(found))


def find(idx, matchers):
    """All (doc, token) places where the query's words match consecutive tokens."""
    rest = list(enumerate(matchers[1:], start=1))
    for p in candidates(idx, matchers[0]):
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
    for d, t in find(idx, matchers):
        hits.setdefault(d, []).append(t)
    return hits


def context(doc, a: int, b: int, drop_furniture: bool) -> str:
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


def add_row(columns, idx, d, t, n, window, sort):
    doc = idx.docs[d]
    last = t + n - 1
    lo, hi = max(0, t - window), min(len(doc.norms), last + 1 + window)
    drop = idx.drop_furniture
    start, end = doc.starts[t], doc.ends[last]
    columns["doc_id"].append(doc.doc_id)
    columns["outlet"].append(doc.outlet)
    columns["event"].append(doc.event)
    columns["before"].append(context(doc, doc.starts[lo], start, drop) if lo < t else "")
    columns["match"].append(doc.text[start:end] if n == 1 else context(doc, start, end, drop))
    columns["after"].append(context(doc, end, doc.ends[hi - 1], drop) if hi - 1 > last else "")
    columns["start"].append(start)
    columns["end"].append(end)
    if sort:
        side, k = sort[:-1], int(sort[-1])  # "before1" ... "after2"
        pos = t - k if side == "before" else last + k
        columns["_key"].append(doc.norms[pos] if 0 <= pos < len(doc.norms) else "")


def concordance(columns, has_event, query, sort):
    names = ["doc_id", "outlet"] + (["event"] if has_event else []) + ["before", "match", "after", "start", "end"]
    data = {c: columns[c] for c in names}
    if sort:  # stable: document order within ties
        order = sorted(range(len(columns["_key"])), key=columns["_key"].__getitem__)
        data = {c: [v[i] for i in order] for c, v in data.items()}
    result = Concordance(data, columns=names)
    result = result.astype({"start": "int64", "end": "int64"})
    result.attrs["query"] = query
    return result




def match_terms(idx, entries, mode: str, what: str = "lexicon"):
    """Every hit of ``entries`` (a list of ``(group, term)``) in the index ``idx``.

    Returns a list of ``(doc number, token number, n tokens, group, term)``
    in document order, overlaps within a group resolved (longest first, then
    leftmost, then the term listed first).
    """
    found: dict = {}
    for k, (group, term) in enumerate(entries):
        try:
            with warnings.catch_warnings():
                # a typed query is searched without its punctuation, with a warning; a term
                # of a lexicon with punctuation (غزو+, (غزو, الغزو،) is a mistake: refused
                warnings.simplefilter("error", QueryWarning)
                matchers = parse_query(term, mode=mode)
        except QueryWarning:
            raise QueryError(
                f"The term {term!r} (in {group!r}) of the {what} holds punctuation or a sign that no word of a text "
                f"holds, so in mode {mode!r} it can never match: write the word itself (* stands for any "
                "letters), or use mode='regex' for a regular expression."
            ) from None
        except QueryError as err:
            raise QueryError(
                f"The term {term!r} (in {group!r}) of the {what} cannot be searched in mode {mode!r}: {err}"
            ) from None
        for d, t in find(idx, matchers):
            found.setdefault((d, group), []).append((len(matchers), t, k, term))
    order = {}
    for group, _ in entries:
        order.setdefault(group, len(order))
    hits = []
    for (d, group), cands in found.items():
        cands.sort(key=lambda c: (-c[0], c[1], c[2]))
        taken: set = set()
        for n, t, k, term in cands:
            span = range(t, t + n)
            if taken.isdisjoint(span):
                taken.update(span)
                hits.append((d, t, n, group, term, k))
    hits.sort(key=lambda h: (h[0], h[1], order[h[3]], h[5]))
    return [h[:5] for h in hits]


def hits_table(idx, hits, window: int, extra: list, describe, query: str):
    """A :class:`framing.display.Concordance` of ``hits``.

    ``extra`` names the columns put between the document columns and
    ``before``; ``describe(group, term)`` gives their values for one hit.
    """
    names = ["doc_id", "outlet"] + (["event"] if idx.has_event else []) + list(extra) + [
        "before", "match", "after", "start", "end"]
    columns = {c: [] for c in ("doc_id", "outlet", "event", "before", "match", "after", "start", "end", *extra)}
    for d, t, n, group, term in hits:
        add_row(columns, idx, d, t, n, window, None)
        for key, value in describe(group, term).items():
            columns[key].append(value)
    table = Concordance({c: columns[c] for c in names}, columns=names).astype({"start": "int64", "end": "int64"})
    table.attrs["query"] = query
    return table
