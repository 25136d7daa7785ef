"""Matching a query word against tokens, with or without Arabic clitics.

The clitic-aware rule
---------------------
After both are normalised (:func:`framing.normalize`), a token matches a
query word ``w`` when it is::

    [و|ف] [ب|ك|ل] [ال]  w  [ا]
    conj. prep.  article     tanween alef

each part optional, where ``ل`` + ``ال`` is written ``لل`` (``للغزو``).
The article in the query is a clitic like the others: ``الغزو`` and ``غزو``
find the same tokens. A query that starts with ``ال`` is also tried whole,
so a word whose own letters start with ``ال`` (``التزام``) is found too.

Only these prefixes and the one suffix are stripped: no stemming (``سلم``
does not match ``مسلم``; ``غزو`` does not match ``غزوة``). Pronoun suffixes are not stripped either (``هجوم`` does not
match ``هجومها``): ask for them with a wildcard, ``هجوم*``. Before a suffix
taa marbuta is written ت, and the wildcard knows it: ``شراكة*`` finds
``شراكتنا`` ("our partnership") as well as ``الشراكة``. Plurals need their own
spelling or a shorter stem: ``مسؤول*`` finds ``مسؤولون``, ``مسؤولين`` and
``المسؤولين``; a broken plural (``قوة``, ``قوات``; ``فصيل``, ``فصائل``) is a
second query word or a second lexicon term.

Look-alikes. Spelling alone cannot tell ``وزير`` ("minister") from ``و`` +
``زير``, ``كان`` ("was") from ``ك`` + ``أن``, or ``سوريا`` ("Syria") from
``سوري`` ("Syrian") + a tanween alef. A list of such words
(``data/lookalikes.tsv``, see :func:`lookalikes`) says which readings are
not taken: ``زير`` does not find ``وزير``, ``أن`` does not find ``كان`` or
``أنا``, ``سوري`` does not find ``سوريا`` or ``وسوريا``, ``عد`` does not find
``بعد``. It comes from two sources: every form of a stopword with its own
stem (``وعن`` stays a form of ``عن``; ``كما`` is not a form of ``ما``), and
word frequencies (a word much more frequent than what is left when a
conjunction, a preposition or a final alef is taken off is a word of its
own: ``وزير`` against ``زير``; ``والقوات`` is rarer than ``قوات``, so it
stays a form of it). The cost: a few real clitic forms that are also
fixed words are left out (``بما``, "with what", is not a hit of ``ما``).
Words not in the list can still be look-alikes (``غزو`` matches the verb
``غزوا``), and wildcards (``*``) do not use the list: read the concordance.

Match modes (the ``mode`` argument)
-----------------------------------
``"clitic"`` (default)
    The rule above. ``*`` in a word stands for any letters.
``"exact"``
    The normalised token must equal the normalised query word (``*`` still
    works as a wildcard); no clitic is stripped.
``"regex"``
    Each word of the query is a regular expression that must match a whole
    normalised token (``fullmatch``). It runs on the ``regex`` package, not
    on Python's ``re``: ``regex`` does not slow down exponentially on nested
    quantifiers such as ``(ا+)+$``, which make ``re`` run for minutes on one
    long token. A pattern that still takes more than
    :data:`REGEX_SECONDS` on one token is stopped with a
    :class:`~framing.QueryError` that names it.

A query of several words (separated by spaces) matches consecutive tokens.

In ``"clitic"`` and ``"exact"`` mode a query is cut into words the way a text
is cut into tokens, so a word copied from the text with its punctuation
(``الغزو.``, ``“لتأكيد``, ``(رويترز)``) is searched without it; a
:class:`QueryWarning` says what was left out. ``الغزو،الأمريكي`` (no space
after the comma) is two words, as it is two tokens in a text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

import regex

from framing.errors import QueryError, check_bool, check_choice
from framing.normalize import normalize
from framing.tokens import token_pattern

__all__ = ["MODES", "PREFIXES", "REGEX_SECONDS", "QueryWarning", "clitic_forms", "matches", "parse_query"]

#: The accepted values of every ``mode`` argument.
MODES = ("clitic", "exact", "regex")
#: The list of look-alike readings, in the bundled data/ folder.
LOOKALIKES_FILE = "lookalikes.tsv"
#: Seconds a regular expression may take on one token before the query is stopped.
REGEX_SECONDS = 0.25

_CONJ = ("", "و", "ف")
_PREP_ART = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
#: Every proclitic string allowed before a query word in clitic mode.
PREFIXES = tuple(c + p for c in _CONJ for p in _PREP_ART)
_SUFFIXES = ("", "ا")
_PREFIX_RE = "(?:" + "|".join(sorted((p for p in PREFIXES if p), key=len, reverse=True)) + ")?"
_LETTER = re.compile(r"[^\W_]")
# a text's tokens (framing.tokens.TOKEN_PATTERN), with the wildcard * kept inside a word
_QUERY_TOKEN = token_pattern("*")


class QueryWarning(UserWarning):
    """A query was searched otherwise than it was typed (its punctuation left out)."""


def _stems(word: str) -> list[str]:
    """The query word, and the word without its article when it has one."""
    stems = [word]
    if word.startswith("ال") and len(word) >= 4:
        stems.append(word[2:])
    return stems


def clitic_forms(word: str) -> list[str]:
    """Every normalised spelling that the clitic-aware rule accepts for ``word``.

    The list is generated mechanically: a query that starts with ال is read
    both as article + word and as a word whose own letters start with ال
    (``التزام``), so for a word like ``الإطاحة`` it also lists spellings no
    writer would use (``الالاطاحة``). They do no harm: no text contains them.
    A word ending in ة gets no tanween alef (tanween on ة is written ةً).

    >>> forms = clitic_forms("الإطاحة")
    >>> "للاطاحة" in forms and "والاطاحة" in forms and "اطاحة" in forms
    True
    >>> "اطاحات" in forms or "اطاحةا" in forms
    False
    """
    return sorted(_forms(_clean_word(word, "clitic")))


def _forms(w: str, taa: str = "ة") -> frozenset:
    """The clitic forms of ``w``, less the look-alikes (:func:`lookalikes`).

    No tanween alef after a final ة (or, folded, ه): عملية is never عمليةا.
    """
    words = lookalikes()
    out = set()
    for s in _stems(w):
        own = words.get(s, frozenset())
        for c in _CONJ:
            for q in _PREP_ART:
                for x in (("",) if s.endswith(taa) else _SUFFIXES):
                    form = c + q + s + x
                    # the token, and what is left of it once the conjunction, then the
                    # preposition is taken off: none of them may be a word of its own
                    if own and any(m in own for m in (form, q + s + x, s + x) if m != s):
                        continue
                    out.add(form)
    return frozenset(out)


@lru_cache(maxsize=1)
def lookalikes() -> dict:
    """Words that look like clitics + a shorter word but are not: ``{stem: frozenset of words}``.

    Read from ``data/lookalikes.tsv`` (made by ``data/make_lookalikes.py``
    from the stopword list, with each form's own stem, and from word
    frequencies). ``وزير`` is listed under ``زير``, so the query ``زير``
    does not find it; ``والقوات`` is not listed under ``قوات``.

    >>> "وزير" in lookalikes()["زير"], "كان" in lookalikes()["ان"], "والقوات" in lookalikes().get("قوات", ())
    (True, True, False)
    """
    from framing.corpus import _bundled_dir

    path = _bundled_dir("data") / LOOKALIKES_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise QueryError(f"The look-alike list {path} cannot be read ({err}); reinstall framing.") from None
    found: dict = {}
    for line in lines[1:]:
        word, stem = line.split("\t")[:2]
        found.setdefault(stem, set()).add(word)
    return {stem: frozenset(words) for stem, words in found.items()}


@dataclass(frozen=True)
class WordMatcher:
    """How one query word is matched: a finite set of forms, or a regex."""

    word: str
    forms: frozenset | None
    regex: re.Pattern | regex.Pattern | None
    #: With ``fold_taa``: the token is folded (ة written ه) before it is compared with
    #: ``folded`` (the forms) or ``regex``; ``forms`` is then None, so the vocabulary is scanned.
    fold: bool = False
    folded: frozenset | None = None

    def __call__(self, norm: str) -> bool:
        if self.forms is not None:
            return norm in self.forms
        if self.fold:
            norm = norm.replace("ة", "ه")
            if self.folded is not None:
                return norm in self.folded
        if isinstance(self.regex, re.Pattern):  # a wildcard: literal parts and .*, never slow
            return self.regex.fullmatch(norm) is not None
        try:
            return self.regex.fullmatch(norm, timeout=REGEX_SECONDS) is not None
        except TimeoutError:
            raise QueryError(
                f"The regular expression {self.word!r} took more than {REGEX_SECONDS} s on the token "
                f"{norm[:40]!r}: simplify it (nested repeats such as (ا+)+ are the usual cause)."
            ) from None


def _clean_word(word: str, mode: str) -> str:
    w = normalize(word)
    if mode != "regex" and not _LETTER.search(w.replace("*", "")):
        raise QueryError(
            f"The query word {word!r} has no letter or digit to search for."
        )
    return w


def _compile_word(word: str, mode: str, fold_taa: bool = False) -> WordMatcher:
    w = _clean_word(word, mode)
    if fold_taa:
        w = w.replace("ة", "ه")
    if mode == "regex":
        try:
            return WordMatcher(word, None, regex.compile(w), fold_taa)
        except (regex.error, ValueError, OverflowError) as err:
            raise QueryError(f"The query word {word!r} is not a valid regular expression: {err}.") from None
    taa = "ه" if fold_taa else "ة"
    if "*" not in w:
        if mode == "exact":
            forms = frozenset([w])
        else:
            forms = _forms(w, taa)
        return WordMatcher(word, None, None, True, forms) if fold_taa else WordMatcher(word, forms, None)
    if mode == "exact":
        return WordMatcher(word, None, re.compile(_glob(w, taa)), fold_taa)
    stems = "|".join(_glob(s, taa) for s in _stems(w))
    return WordMatcher(word, None, re.compile(f"{_PREFIX_RE}(?:{stems})ا?"), fold_taa)


def _glob(word: str, taa: str = "ة") -> str:
    """The regular expression of a word with ``*`` wildcards.

    Before a suffix, taa marbuta is written ت (شراكة, شراكتنا "our
    partnership"), so a ``ة`` right before ``*`` also matches ت followed by
    at least one letter:

    >>> _glob("شراكة*")
    'شراك(?:ة|ت(?=.)).*'
    """
    parts = word.split("*")
    out = []
    for i, part in enumerate(parts):
        if i < len(parts) - 1 and part.endswith(taa):
            out.append(re.escape(part[:-1]) + f"(?:{taa}|ت(?=.))")
        else:
            out.append(re.escape(part))
    return ".*".join(out)


def parse_query(query: str, *, mode: str = "clitic", fold_taa: bool = False) -> list[WordMatcher]:
    """Split a query into words and compile a matcher for each (see module doc).

    >>> [m.word for m in parse_query("عملية عسكرية")]
    ['عملية', 'عسكرية']
    >>> parse_query("  ")
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The query is empty: give a word to search for, e.g. 'غزو'.
    """
    check_choice("mode", mode, MODES)
    check_bool("fold_taa", fold_taa)
    if not isinstance(query, str):
        raise QueryError(f"The query must be a str, got {type(query).__name__}: {query!r:.60}.")
    words = query.split()
    if not words:
        raise QueryError("The query is empty: give a word to search for, e.g. 'غزو'.")
    if mode != "regex":
        words = _query_words(query, words)
    return [_compile_word(w, mode, fold_taa) for w in words]


def _query_words(query: str, typed: list[str]) -> list[str]:
    """The words of ``query`` as a text's tokens would be cut; warn about what is left out."""
    words = [m.group() for w in typed for m in _QUERY_TOKEN.finditer(w)]
    left = "".join(_QUERY_TOKEN.sub("", w) for w in typed)
    if not words:
        raise QueryError(f"The query {query!r} has no letter or digit to search for.")
    if left:
        shown = ", ".join(repr(ch) for ch in dict.fromkeys(left))
        warnings.warn(QueryWarning(
            f"The query {query!r} is searched as {' '.join(words)!r}: punctuation ({shown}) is not part of a "
            "word, in the texts' tokens either."), stacklevel=4)
    return words


def matches(token: str, query: str, *, mode: str = "clitic") -> bool:
    """Does one token match a one-word query? (The rule in the module doc.)

    Parameters
    ----------
    token : str
        A token as printed (it is normalised here).
    query : str
        One query word; ``*`` is a wildcard (not in regex mode).
    mode : {"clitic", "exact", "regex"}, default "clitic"

    Examples
    --------
    >>> matches("للإطاحة", "الإطاحة")     # li + al- written لل
    True
    >>> matches("للإطاحة", "الإطاحة", mode="exact")
    False
    >>> matches("انسحابًا", "انسحاب")     # tanween alef
    True
    >>> matches("مسلم", "سلم"), matches("غزوة", "غزو")   # no look-alikes
    (False, False)
    >>> matches("هجومها", "هجوم*")
    True
    """
    matchers = parse_query(query, mode=mode)
    if len(matchers) != 1:
        raise QueryError(
            f"matches() compares one token with one query word; {query!r} has "
            f"{len(matchers)} words. Use framing.kwic() for phrases."
        )
    return matchers[0](normalize(token))
