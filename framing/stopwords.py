"""Arabic stopwords from the arabic-stopwords package, in the kit's spelling.

The package lists 13,000+ forms, with their clitics (``بأن``, ``وفي``), in
hamza spellings (``أن``, ``إلى``). The kit's texts are normalised
(``إلى`` becomes ``الى``), so the list is normalised with the same
:func:`framing.normalize`: without that, stopwords silently stop matching.
"""

from __future__ import annotations

from functools import lru_cache

from framing.normalize import normalize

__all__ = ["stopwords", "is_stopword"]


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """The set of normalised Arabic stopword forms.

    >>> sw = stopwords()
    >>> "الي" in sw and "في" in sw and "وفي" in sw   # الي is إلى normalised
    True
    >>> "إلى" in sw                                 # raw hamza spelling is not
    False
    >>> "غزو" in sw
    False
    """
    from arabicstopwords import arabicstopwords as ast

    return frozenset(normalize(w) for w in ast.stopwords_list())


def is_stopword(token: str) -> bool:
    """Is ``token`` (as printed or normalised) an Arabic stopword?

    >>> is_stopword("إلى"), is_stopword("الغزو")
    (True, False)
    """
    return normalize(token) in stopwords()
