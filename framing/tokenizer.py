"""Tokenisation that keeps character offsets into the original text (internal).

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

from framing.normalize import HARAKAT, normalize

__all__ = ["Token", "TOKEN_PATTERN", "iter_tokens", "token_pattern", "token_spans"]

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
