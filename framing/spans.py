"""Furniture spans: the lines of a text that are not the article (internal).

The loader (:func:`framing.load_corpus`) records page furniture, credit
lines and captions as ``(start, end)`` character spans of whole lines; the
index, the term counts and the display leave them out with these helpers.
"""

from __future__ import annotations

import re

from framing.errors import CorpusError

__all__ = ["checked_spans", "inside", "remove_spans"]


def checked_spans(text: str, spans, doc_id) -> list[tuple[int, int]]:
    """The furniture spans of a document, sorted, each checked to still be whole lines of ``text``.

    Spans are character offsets: if ``text`` was edited after loading they
    would cut the wrong characters, so that is an error, never a silent cut.

    >>> checked_spans("a\\nb\\n", [(2, 4)], "d")
    [(2, 4)]
    >>> checked_spans("xa\\nb\\n", [(2, 4)], "d")
    Traceback (most recent call last):
    ...
    framing.errors.CorpusError: document 'd': its furniture span (2, 4) is no longer a whole line of its text (was the text edited?). Reload the corpus, or set its furniture to [] to keep every line.
    """
    if not isinstance(spans, (list, tuple)):
        return []
    out = sorted(tuple(span) for span in spans)
    for a, b in out:
        whole = (0 <= a < b <= len(text) and (a == 0 or text[a - 1] == "\n")
                 and (b == len(text) or text[b - 1] == "\n"))
        if not whole:
            raise CorpusError(
                f"document {doc_id!r}: its furniture span ({a}, {b}) is no longer a whole line of its text "
                f"(was the text edited?). Reload the corpus, or set its furniture to [] to keep every line."
            )
    return out


def remove_spans(text: str, spans) -> str:
    """``text`` without the (sorted, whole-line) character spans, blank runs folded."""
    if not spans:
        return text
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip("\n")


def inside(pos: int, spans) -> bool:
    """Is the character offset ``pos`` inside one of the ``(start, end)`` spans?

    >>> inside(3, [(2, 4)]), inside(4, [(2, 4)])
    (True, False)
    """
    return any(a <= pos < b for a, b in spans)
