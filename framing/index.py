"""A token index of a corpus, built once and reused by every search.

Building it tokenises and normalises every document; after that a query
only looks up its few candidate spellings (or scans the vocabulary, for a
wildcard or regex), so a concordance on a million tokens takes milliseconds.
Indexes are cached by the content of the corpus (ids, outlets, texts and
furniture), so editing the corpus DataFrame gives a fresh index; the index
of a large corpus is also saved on disk (:mod:`framing.indexstore`).
"""

from __future__ import annotations

import sys
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from framing import indexstore
from framing.errors import check_bool
from framing.progress import bar as progress_bar
from framing.spans import checked_spans, inside
from framing.tokenizer import iter_tokens
from framing.validate import check_corpus

__all__ = ["CorpusIndex", "corpus_index"]

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 4


@lru_cache(maxsize=1)
def _whitespace_to_space() -> dict:
    """A ``str.translate`` table: every character ``str.split()`` splits on, other than the space, to a space."""
    return {i: " " for i in range(sys.maxunicode + 1) if i != 32 and chr(i).isspace()}


@dataclass
class DocTokens:
    """The kept tokens of one document."""

    doc_id: str
    outlet: str
    event: object
    text: str
    furniture: list
    starts: array = field(default_factory=lambda: array("l"))
    ends: array = field(default_factory=lambda: array("l"))
    norms: list = field(default_factory=list)
    #: Tokens of furniture left out of ``norms`` (0 in an index built with ``furniture=True``).
    skipped: int = 0
    _spaced: str | None = field(default=None, repr=False)

    @property
    def spaced(self) -> str:
        """``text`` with every whitespace character (line breaks too) written as a space, offsets unchanged.

        Built on first use, for cutting contexts: a piece of it needs its
        spaces folded only when it holds two in a row.
        """
        if self._spaced is None:
            self._spaced = self.text.translate(_whitespace_to_space())
        return self._spaced


class CorpusIndex:
    """Tokens of every document plus a map from each normal form to its places.

    ``postings[norm]`` is an array of places, in corpus order, each packed
    into one integer (``doc << 32 | token``) to keep the index small;
    :meth:`places` unpacks them.
    """

    def __init__(self, corpus, *, furniture: bool = False, saved_as: str | None = None, progress: bool = False):
        self.has_event = "event" in corpus.columns
        self.drop_furniture = not furniture
        self.postings: dict[str, array] = {}
        self._vocabulary: list[str] | None = None
        self._vocabulary_text: str | None = None
        events = corpus["event"] if self.has_event else [None] * len(corpus)
        spans_col = corpus["furniture"] if "furniture" in corpus.columns else [()] * len(corpus)
        self.docs: list[DocTokens] = [
            DocTokens(str(doc_id), str(outlet), event, text, checked_spans(text, spans, doc_id))
            for doc_id, outlet, event, text, spans in zip(
                corpus["doc_id"], corpus["outlet"], events, corpus["text"], spans_col)
        ]
        if saved_as is not None and indexstore.load(self, saved_as):
            return
        self._tokenize(progress, saved=saved_as is not None)
        if saved_as is not None:
            indexstore.save(self, saved_as)

    def _tokenize(self, progress: bool, saved: bool = False) -> None:
        """Cut and normalise every document's tokens, filling ``postings``; with a progress bar when asked."""
        cache: dict[str, str] = {}
        postings = self.postings
        bar = None
        if progress:
            bar = progress_bar(sum(len(doc.text) for doc in self.docs),
                               f"Indexing {len(self.docs):,} documents" + (" (saved for next time)" if saved else ""),
                               unit="char")
        for d, doc in enumerate(self.docs):
            spans, norms, starts, ends = doc.furniture, doc.norms, doc.starts, doc.ends
            for tok in iter_tokens(doc.text, cache):
                if self.drop_furniture and spans and inside(tok.start, spans):
                    doc.skipped += 1
                    continue
                places = postings.get(tok.norm)
                if places is None:
                    places = postings[tok.norm] = array("q")
                places.append((d << 32) | len(norms))
                starts.append(tok.start)
                ends.append(tok.end)
                norms.append(tok.norm)
            if bar is not None:
                bar.update(len(doc.text))
        if bar is not None:
            bar.close()

    def places(self, norm: str):
        """The ``(doc number, token number)`` places of one normal form."""
        return [(p >> 32, p & 0xFFFFFFFF) for p in self.postings.get(norm, ())]

    @property
    def vocabulary(self) -> list[str]:
        """Every normal form, sorted (built on first use), for a wildcard's bisection."""
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    @property
    def vocabulary_text(self) -> str:
        """The sorted vocabulary as one text, a form per line, for a regex's scan (built on first use)."""
        if self._vocabulary_text is None:
            self._vocabulary_text = "\n".join(self.vocabulary)
        return self._vocabulary_text

    @property
    def n_tokens(self) -> int:
        return sum(len(d.norms) for d in self.docs)


def _fingerprint(corpus) -> int:
    cols = [corpus["doc_id"], corpus["outlet"], corpus["text"]]
    if "event" in corpus.columns:
        cols.append(corpus["event"])
    if "furniture" in corpus.columns:
        cols.append(corpus["furniture"].map(lambda s: tuple(map(tuple, s)) if isinstance(s, (list, tuple)) else ()))
    return hash(tuple(tuple(c.tolist()) for c in cols))


def corpus_index(corpus, *, furniture: bool = False) -> CorpusIndex:
    """Return the (cached) :class:`CorpusIndex` of ``corpus``.

    The index is kept in memory for the last few corpora; one of at least
    :data:`framing.indexstore.MIN_CHARS` characters is also saved on disk
    (:mod:`framing.indexstore`) and read back in the next session. Building
    one that takes more than a couple of seconds shows a progress bar
    (:mod:`framing.progress`).

    >>> import framing
    >>> idx = corpus_index(framing.load_corpus())
    >>> len(idx.docs)
    5
    """
    check_corpus(corpus)
    check_bool("furniture", furniture)
    key = (_fingerprint(corpus), furniture)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    big = sum(map(len, corpus["text"])) >= indexstore.MIN_CHARS
    saved_as = indexstore.corpus_key(corpus, furniture) if big and indexstore.cache_dir() is not None else None
    idx = CorpusIndex(corpus, furniture=furniture, saved_as=saved_as, progress=True)
    _CACHE[key] = idx
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return idx
