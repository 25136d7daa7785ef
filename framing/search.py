"""Finding a query's hits in a corpus index and cutting their context (internal).

Shared by every verb that searches: :func:`framing.kwic`,
:func:`framing.dispersion`, :func:`framing.frame_hits` and
:func:`framing.choice_hits`. A hit is a place ``(doc number, token number)``
in a :class:`framing.index.CorpusIndex`; a concordance row is cut from the
original text around it.
"""

from __future__ import annotations

import warnings
from array import array
from bisect import bisect_left
from itertools import chain

from framing.display import Concordance
from framing.errors import QueryError
from framing.match import QueryWarning, among, parse_query

__all__ = ["candidates", "concordance", "context", "find", "hit_rows", "hits_by_doc", "hits_table", "match_terms"]


def candidates(idx, matcher):
    """Packed places (doc << 32 | token) of every token the first word matches, in order."""
    if matcher.forms is not None:
        found = [idx.postings[f] for f in matcher.forms if f in idx.postings]
    elif matcher.starts:  # a wildcard with known beginnings: only the forms that have one
        vocab, found = idx.vocabulary, []
        for start in matcher.starts:
            i = bisect_left(vocab, start)
            while i < len(vocab) and vocab[i].startswith(start):
                if matcher(vocab[i]):
                    found.append(idx.postings[vocab[i]])
                i += 1
    else:
        found = [idx.postings[f] for f in among(matcher, idx.vocabulary, idx.vocabulary_text)]
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


_COLUMNS = ("doc_id", "outlet", "event", "before", "match", "after", "start", "end", "_key")


def hit_rows(idx, places, window: int, sort: str | None = None) -> dict:
    """The concordance columns of ``places``, an iterable of ``(doc number, token number, n tokens)``.

    ``before`` and ``after`` hold up to ``window`` tokens of original text on
    each side (furniture removed, spaces folded); ``_key``, with ``sort``
    (``"before1"`` ... ``"after2"``), the normal form to sort the rows by.
    Written as one loop with its lookups bound once: a frequent word has
    tens of thousands of rows.
    """
    columns = {c: [] for c in _COLUMNS}
    before, match, after, key = (columns[c].append for c in ("before", "match", "after", "_key"))
    columns["start"], columns["end"] = array("q"), array("q")
    start_, end_ = columns["start"].append, columns["end"].append
    docs, drop = idx.docs, idx.drop_furniture
    if sort:
        side, k = sort[:-1], int(sort[-1])
    runs = []  # (doc, how many hits in a row): the document columns are written a run at a time
    current, run, doc = -1, 0, None
    for d, t, n in places:
        if d != current:
            if run:
                runs.append((doc, run))
            current, run = d, 0
            doc = docs[d]
            starts, ends, norms = doc.starts, doc.ends, doc.norms
            spaced = doc.spaced
            plain = not (drop and doc.furniture)
            last_token = len(norms) - 1
        run += 1
        last = t + n - 1
        start, end = starts[t], ends[last]
        if not t:
            before("")
        else:
            a = starts[t - window] if t > window else starts[0]
            if plain:
                piece = spaced[a:start]
                before(" ".join(piece.split()) if "  " in piece else piece.rstrip(" "))
            else:
                before(context(doc, a, start, drop))
        if n == 1:
            match(doc.text[start:end])
        elif plain:
            piece = spaced[start:end]
            match(" ".join(piece.split()) if "  " in piece else piece)
        else:
            match(context(doc, start, end, drop))
        if last == last_token:
            after("")
        else:
            b = ends[last + window] if last + window < last_token else ends[last_token]
            if plain:
                piece = spaced[end:b]
                after(" ".join(piece.split()) if "  " in piece else piece.lstrip(" "))
            else:
                after(context(doc, end, b, drop))
        start_(start)
        end_(end)
        if sort:
            pos = t - k if side == "before" else last + k
            key(norms[pos] if 0 <= pos <= last_token else "")
    if run:
        runs.append((doc, run))
    for c in ("doc_id", "outlet", "event"):
        out = columns[c]
        for doc, run in runs:
            out.extend([getattr(doc, c)] * run)
    return columns


def _with_offsets(data: dict) -> dict:
    """``data`` with its ``start`` and ``end`` arrays as int64 numpy arrays (no copy)."""
    import numpy as np  # after pandas (framing.display), so that without it the error names pandas

    for c in ("start", "end"):
        data[c] = np.frombuffer(data[c], dtype=np.int64) if len(data[c]) else np.zeros(0, dtype=np.int64)
    return data


def concordance(columns, has_event, query, sort):
    names = ["doc_id", "outlet"] + (["event"] if has_event else []) + ["before", "match", "after", "start", "end"]
    data = _with_offsets({c: columns[c] for c in names})
    if sort:  # stable: document order within ties
        order = sorted(range(len(columns["_key"])), key=columns["_key"].__getitem__)
        data = {c: (v[order] if c in ("start", "end") else [v[i] for i in order]) for c, v in data.items()}
    result = Concordance(data, columns=names)
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
    columns = hit_rows(idx, ((d, t, n) for d, t, n, _, _ in hits), window)
    columns.update({c: [] for c in extra})
    for _, _, _, group, term in hits:
        for key, value in describe(group, term).items():
            columns[key].append(value)
    table = Concordance(_with_offsets({c: columns[c] for c in names}), columns=names)
    table.attrs["query"] = query
    return table
