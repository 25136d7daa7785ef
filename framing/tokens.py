"""Tokenisation that keeps character offsets into the original text.

A token is a run of letters and digits (Arabic or Latin, and the underscore)
together with the combining marks written on them: harakat and shadda inside a word do not
split it (``صدّام`` is one token, where scikit-learn's default
``token_pattern`` makes two). A number written with separators (``1,200``,
``٢٫٥``) is one token. Everything else (spaces, punctuation, quotes, the
Arabic comma ``،``) separates tokens.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from framing.display import as_table
from framing.normalize import HARAKAT, normalize

__all__ = ["Token", "token_spans", "tokenize", "tokens", "TOKEN_PATTERN"]

_MARKS = re.escape(HARAKAT) + "\u200c\u200d"


def token_pattern(also: str = "") -> re.Pattern:
    """The regular expression of a token, with the characters ``also`` counted as letters.

    A query is cut with ``token_pattern("*")``, so that its words are the
    text's tokens and a wildcard stays inside its word.

    >>> token_pattern("*").findall("(هجوم*)، الغزو.")
    ['هجوم*', 'الغزو']
    """
    return re.compile(
        rf"[\w{re.escape(also)}{_MARKS}]+"  # letters, digits (and _), with the marks written on them
        rf"(?:(?<=\d)[.,\u066b\u066c]\d+)*"  # a digit, separator, digits: 1,200 ٢٫٥
    )


#: The regular expression behind :func:`tokenize`.
TOKEN_PATTERN = token_pattern()


class Token(NamedTuple):
    """One token: as printed, normalised, and its offsets in the original."""

    token: str
    norm: str
    start: int
    end: int


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character offsets of each token in ``text``.

    The fast, low-level form of :func:`tokenize`; ``text[start:end]`` is the
    token as printed.

    >>> text = "للإطاحة بصدّام"
    >>> [text[s:e] for s, e in token_spans(text)]
    ['للإطاحة', 'بصدّام']
    """
    return [m.span() for m in TOKEN_PATTERN.finditer(text)]


def iter_tokens(text: str, cache: dict[str, str] | None = None):
    """Yield a :class:`Token` for each token of ``text`` (used by the index).

    Tokens whose normal form is empty (a lone tatweel) are skipped.
    ``cache`` maps printed forms to normal forms, to save work on repeats.
    """
    if cache is None:
        cache = {}
    for m in TOKEN_PATTERN.finditer(text):
        tok = m.group()
        norm = cache.get(tok)
        if norm is None:
            norm = cache[tok] = normalize(tok)
        if norm:
            yield Token(tok, norm, m.start(), m.end())


def tokenize(text: str):
    """Split ``text`` into tokens, with offsets into the original text.

    Parameters
    ----------
    text : str
        The text as printed (not normalised): offsets point into it.

    Returns
    -------
    pandas.DataFrame
        One row per token: ``token`` (as printed), ``norm`` (see
        :func:`framing.normalize`), ``start`` and ``end`` (so that
        ``text[start:end] == token``).

    Examples
    --------
    >>> tokenize("شنّ الجيش الأميركي عمليةً عسكرية في ٢٠٠٣")
           token    norm  start  end
    0         شنّ      شن      0    3
    1       الجيش   الجيش      4    9
    2    الأميركي  الاميركي     10   18
    3      عمليةً    عملية     19   25
    4      عسكرية   عسكرية     26   32
    5          في      في     33   35
    6       ٢٠٠٣    2003     36   40
    """
    import pandas as pd

    if not isinstance(text, str):
        raise TypeError(
            f"tokenize() takes one text (a str), got {type(text).__name__}; "
            "for a whole corpus use framing.tokens(corpus)"
        )
    rows = list(iter_tokens(text))
    return as_table(pd.DataFrame(rows, columns=list(Token._fields)))


def tokens(corpus, *, furniture: bool = False):
    """One row per token of a corpus: the tidy table that counts start from.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    furniture : bool, default False
        Keep tokens of page furniture, credit lines and captions (those the
        metadata marks as not the article).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``outlet``, ``event`` (when the corpus has one),
        ``position`` (0, 1, 2 ... within the document), ``token``, ``norm``,
        ``start``, ``end``.

    Examples
    --------
    >>> import framing
    >>> toks = framing.tokens(framing.load_corpus())
    >>> int(toks.groupby("doc_id").size()["afp_ar_2023"])
    754
    >>> toks[toks.norm == "الغزو"].doc_id.tolist()   # للغزو has another norm
    ['afp_fr_2023', 'afp_fr_2023', 'reuters_2023', 'reuters_2023', 'reuters_2023']
    """
    import pandas as pd

    from framing.index import corpus_index

    idx = corpus_index(corpus, furniture=furniture)
    frames = []
    for d, doc in enumerate(idx.docs):
        n = len(doc.norms)
        frame = {
            "doc_id": [doc.doc_id] * n,
            "outlet": [doc.outlet] * n,
        }
        if idx.has_event:
            frame["event"] = [doc.event] * n
        frame["position"] = range(n)
        frame["token"] = [doc.text[s:e] for s, e in zip(doc.starts, doc.ends)]
        frame["norm"] = doc.norms
        frame["start"] = doc.starts
        frame["end"] = doc.ends
        frames.append(pd.DataFrame(frame))
    return as_table(pd.concat(frames, ignore_index=True))
