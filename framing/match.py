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
Wildcards use the list too: ``زير*`` does not find ``وزيرة``, nor ``ان*``
``كانت``. Words not in the list can still be look-alikes (``غزو`` matches the
verb ``غزوا``): read the concordance. :func:`explain_match` says why a token
is, or is not, a hit: ``explain_match("وزير", "زير")``.

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

import os
import re
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache

import regex

from framing.bundled import bundled_dir
from framing.errors import QueryError, check_bool, check_choice
from framing.normalize import ARTICLE_MIN_LEFT, normalize, strip_article
from framing.params import Options, Text, validate_params
from framing.tokenizer import token_pattern

__all__ = [
    "MODES", "PREFIXES", "REGEX_QUERY_SECONDS", "REGEX_SECONDS", "QueryWarning", "among", "clitic_forms",
    "explain_match", "matches", "parse_query",
]

#: The accepted values of every ``mode`` argument.
MODES = ("clitic", "exact", "regex")
#: The list of look-alike readings, in the bundled data/ folder.
LOOKALIKES_FILE = "lookalikes.tsv"
#: Seconds a regular expression may take on one token before the query is stopped.
REGEX_SECONDS = 0.25
#: Seconds a regular expression may take over a corpus's whole vocabulary before the query is stopped.
REGEX_QUERY_SECONDS = 2.0
# A pattern the scan of the vocabulary as one text (one form per line) serves exactly: made only of
# pieces that can never match a line break nor see one, so that every match lies within one line and
# backtracking stays there: literal letters, ".", \w \d \S and escaped punctuation, classes of those
# (not negated), groups ((...) and (?:...)), |, ^ and $, and greedy or lazy repeats. Anything else
# (a negated class, \s \W \D, lookarounds, flags, possessive repeats, (*VERBS), backreferences ...)
# is matched form by form.
_LINEWISE = regex.compile(r"""
    (?: [^\\\[\](){}|^$.*+?\s]           # a literal character
      | \\[wdS] | \\[^\w\s]              # \w \d \S, or escaped punctuation
      | \[(?!\^)(?:[^\]\\\s]|\\[wdS]|\\[^\w\s])+\]   # a class that is not negated
      | \((?![?*]) | \(\?: | \)              # groups
      | [|^$.]
      | (?:[*+?]|\{\d+(?:,\d*)?\})\??(?![+*?{])   # a repeat, greedy or lazy, never possessive
    )*""", regex.VERBOSE)


_CONJ = ("", "و", "ف")
_PREP_ART = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
#: Every proclitic string allowed before a query word in clitic mode.
PREFIXES = tuple(c + p for c in _CONJ for p in _PREP_ART)
_SUFFIXES = ("", "ا")
_PREFIX_RE = "(?:" + "|".join(sorted((p for p in PREFIXES if p), key=len, reverse=True)) + ")?"
_LETTER = re.compile(r"[^\W_]")
# a text's tokens (framing.tokenizer.TOKEN_PATTERN), with the wildcard * kept inside a word
_QUERY_TOKEN = token_pattern("*")


class QueryWarning(UserWarning):
    """A query was searched otherwise than it was typed (its punctuation left out)."""


def _stems(word: str) -> list[str]:
    """The query word, and the word without its article when it has one."""
    stem = strip_article(word)
    return [word] if stem == word else [word, stem]


@validate_params({"word": [Text()]})
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
    out = set()
    for s in _stems(w):
        for c in _CONJ:
            for q in _PREP_ART:
                for x in _SUFFIXES:
                    if _allowed(c, q, s, x, taa) and not _lookalike(c, q, s, x, taa):
                        out.add(c + q + s + x)
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
    path = bundled_dir("data") / LOOKALIKES_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise QueryError(f"The look-alike list {path} cannot be read ({err}); reinstall framing.") from None
    found: dict = {}
    for line in lines[1:]:
        word, stem = line.split("\t")[:2]
        found.setdefault(stem, set()).add(word)
    return {stem: frozenset(words) for stem, words in found.items()}


@lru_cache(maxsize=1)
def _folded_lookalikes() -> dict:
    """:func:`lookalikes` with taa marbuta written ه, for ``fold_taa=True``."""
    found: dict = {}
    for stem, words in lookalikes().items():
        found.setdefault(stem.replace("ة", "ه"), set()).update(w.replace("ة", "ه") for w in words)
    return {stem: frozenset(words) for stem, words in found.items()}


@lru_cache(maxsize=1)
def _lookalike_reasons() -> dict:
    """``{(word, stem): why}`` from the look-alike list (its third column)."""
    lines = (bundled_dir("data") / LOOKALIKES_FILE).read_text(encoding="utf-8").splitlines()
    return {tuple(line.split("\t")[:2]): line.split("\t")[2] for line in lines[1:]}


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
    #: A clitic-mode wildcard: the pattern of the word without clitics, and its letters
    #: before the first ``*``; a token the wildcard matches must have one clitic reading
    #: that is not a look-alike (:func:`_wild_reading`).
    stem: re.Pattern | None = None
    heads: tuple = ()
    #: A wildcard's literal beginnings: every token it matches starts with one of them, so
    #: the index looks up only the forms that do (a bisection of its sorted vocabulary).
    #: Empty when a token could start with anything (``*ية``, a regex, ``fold_taa``).
    starts: tuple = ()

    def __call__(self, norm: str) -> bool:
        if self.forms is not None:
            return norm in self.forms
        if self.fold:
            norm = norm.replace("ة", "ه")
            if self.folded is not None:
                return norm in self.folded
        if isinstance(self.regex, re.Pattern):  # a wildcard: literal parts and .*, never slow
            if self.regex.fullmatch(norm) is None:
                return False
            return self.stem is None or _wild_reading(norm, self.stem, self.heads, "ه" if self.fold else "ة") is not None
        try:
            return self.regex.fullmatch(norm, timeout=REGEX_SECONDS) is not None
        except TimeoutError:
            raise QueryError(
                f"The regular expression {self.word!r} took more than {REGEX_SECONDS} s on the token "
                f"{norm[:40]!r}: simplify it (nested repeats such as (ا+)+ are the usual cause)."
            ) from None


def among(matcher: WordMatcher, forms: list, text: str | None = None) -> list:
    """The forms of ``forms`` (a corpus's vocabulary) that ``matcher`` accepts, in their order.

    A regex made only of pieces that can never match or see a line break
    (letters, ``.``, ``\\w``, classes that are not negated, groups,
    alternatives, repeats: :data:`_LINEWISE`) runs once over ``text``, the
    forms joined by line breaks, with one time bound for the whole query
    (:data:`REGEX_QUERY_SECONDS`), several times faster than one timed
    ``fullmatch`` per form. Any other pattern (``[^ي]*``, ``\\s``, a
    lookaround, a possessive repeat), and any other matcher, checks each
    form alone.

    >>> (m,) = parse_query("ال.*ية", mode="regex")
    >>> among(m, ["الحرية", "حرية", "الغزو", "الدولية"])
    ['الحرية', 'الدولية']
    """
    pattern = matcher.regex
    if not forms:
        return []
    if (pattern is None or isinstance(pattern, re.Pattern) or matcher.fold
            or _LINEWISE.fullmatch(pattern.pattern) is None):
        return [f for f in forms if matcher(f)]
    if text is None:
        text = "\n".join(forms)
    whole = regex.compile(f"^(?:{pattern.pattern})$", regex.MULTILINE)
    found = []
    try:
        for m in whole.finditer(text, timeout=REGEX_QUERY_SECONDS):
            if m.group():  # no piece of the pattern can take in a line break: a match is one form
                found.append(m.group())
    except TimeoutError:
        raise QueryError(
            f"The regular expression {matcher.word!r} took more than {REGEX_QUERY_SECONDS} s over the corpus's "
            f"{len(forms):,} distinct words: simplify it (nested repeats such as (ا+)+ are the usual cause)."
        ) from None
    return found


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
        return WordMatcher(word, None, re.compile(_glob(w, taa)), fold_taa, starts=_starts([""], [w], fold_taa))
    stems = "|".join(_glob(s, taa) for s in _stems(w))
    return WordMatcher(word, None, re.compile(f"{_PREFIX_RE}(?:{stems})ا?"), fold_taa,
                       stem=re.compile(stems), heads=tuple(s.split("*")[0] for s in _stems(w)),
                       starts=_starts(PREFIXES, _stems(w), fold_taa))


def _starts(prefixes, words, fold_taa: bool) -> tuple:
    """The literal beginnings of the tokens that wildcard ``words`` after one of ``prefixes`` can match.

    A word's letters before its first ``*`` (less a final ة, which :func:`_glob`
    lets be ت), after each prefix; beginnings that another one begins are left
    out, so no form is looked at twice. Empty (look at every form) when a word
    starts with ``*`` or ``fold_taa`` changes the letters:

    >>> _starts(["", "و"], ["شراكة*"], False)
    ('شراك', 'وشراك')
    >>> _starts(["", "و"], ["*ية"], False)
    ()
    """
    heads = []
    for w in words:
        head = w.split("*")[0]
        if head.endswith("ة"):
            head = head[:-1]
        if not head or fold_taa:
            return ()
        heads.append(head)
    found = sorted({p + h for p in prefixes for h in heads})
    out: list[str] = []
    for s in found:  # sorted: a beginning comes right before those it begins
        if not out or not s.startswith(out[-1]):
            out.append(s)
    return tuple(out)


#: Endings of gender, number, and the pronoun suffixes (with ت for a taa marbuta before them).
_ENDINGS = frozenset(
    "ة ت ا ان ين ون وا ات ه ها هم هما هن ك كم كما كن نا ني ي تا تان تين ته تها تهم تهما تهن تك تكم تنا تي".split()
)


def _allowed(c: str, q: str, s: str, x: str, taa: str = "ة") -> bool:
    """Can ``s`` take these clitics at all? No article on fewer than 3 letters (الله is not ال + له,
    :data:`framing.normalize.ARTICLE_MIN_LEFT`); no tanween alef after taa marbuta (عملية, never عمليةا)."""
    if "ال" in q or q == "لل":
        if len(s) < ARTICLE_MIN_LEFT:
            return False
    return not (x and s.endswith(taa))


def _readings(token: str, taa: str = "ة"):
    """Every way to read ``token`` as (conjunction, preposition/article, word, tanween alef)."""
    for c in _CONJ:
        if not token.startswith(c):
            continue
        for q in _PREP_ART:
            if not token.startswith(c + q, 0):
                continue
            for x in _SUFFIXES:
                s = token[len(c + q):len(token) - len(x)]
                if s and token.endswith(x) and _allowed(c, q, s, x, taa):
                    yield c, q, s, x


def _lookalike(c: str, q: str, s: str, x: str, taa: str = "ة") -> bool:
    """Is c+q+s+x a word of its own rather than these clitics around ``s``? (see :func:`_own_word`)"""
    return _own_word(c, q, s, x, taa) is not None


def _own_word(c: str, q: str, s: str, x: str, taa: str = "ة"):
    """The listed ``(word, stem)`` that makes c+q+s+x a word of its own, or None.

    The token, and what is left of it once the conjunction, then the
    preposition is taken off, are looked up under ``s`` and, with a tanween
    alef, under ``s + ا`` too (``باشا`` is listed under ``اشا``, so it is not
    ب + ``اش`` + ا either).
    """
    words = _folded_lookalikes() if taa == "ه" else lookalikes()
    for key in dict.fromkeys((s, s + x)):
        own = words.get(key, ())
        word = next((m for m in (c + q + s + x, q + s + x, s + x) if m != key and m in own), None)
        if word is not None:
            return word, key
    return None


def _wild_reading(token: str, stem: re.Pattern, heads: tuple, taa: str = "ة"):
    """The first clitic reading of ``token`` whose word fits a wildcard and is not a look-alike.

    The look-alike test is made twice: on the whole word (``كانون`` against
    ``انون``), and on the wildcard's letters before ``*`` when only an
    ending follows them (``وزيرة`` for ``زير*``: ``وزير`` is a word of its own,
    not و + ``زير``; ``كانت`` for ``ان*``). ``الانتخابات`` stays a hit of ``ان*``.
    """
    for c, q, s, x in _readings(token, taa):
        if not stem.fullmatch(s) or _lookalike(c, q, s, x, taa):
            continue
        if (c or q) and any(h and s.startswith(h) and s[len(h):] in _ENDINGS and _lookalike(c, q, h, "", taa)
                            for h in heads):
            continue
        return c, q, s, x
    return None


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
            "word, in the texts' tokens either."), stacklevel=_outside())
    return words


def _outside() -> int:
    """The ``stacklevel`` of the first caller outside the kit, so that a warning points at the student's line."""
    frame, level = sys._getframe(1), 1
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep + "framing"):
        frame, level = frame.f_back, level + 1
    return level


@validate_params({"token": [Text()], "query": [Text()], "mode": [Options(MODES)]})
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


#: What each clitic is, for :func:`explain_match`.
CLITIC_GLOSSES = {
    "و": 'wa-, "and"', "ف": 'fa-, "so, then"', "ب": 'bi-, "with, by, in"', "ك": 'ka-, "like, as"',
    "ل": 'li-, "for, to"', "ال": 'al-, "the"', "لل": 'li- + al-, "for the"', "بال": 'bi- + al-, "with the"',
    "كال": 'ka- + al-, "like the"', "ا": 'tanween alef, the -an ending ("a ...", as an object or adverb)',
}


@validate_params({"token": [Text()], "query": [Text()], "mode": [Options(MODES)]})
def explain_match(token: str, query: str, *, mode: str = "clitic") -> str:
    """Say why ``token`` is, or is not, a hit of the one-word ``query``.

    It names the clitics taken off the token, or the look-alike rule (with
    its source in ``data/lookalikes.tsv``) that keeps a token out.

    Examples
    --------
    >>> print(explain_match("وللغزو", "غزو"))
    'وللغزو' is a hit of 'غزو': و (wa-, "and") + لل (li- + al-, "for the") + غزو.
    >>> print(explain_match("وزير", "زير"))
    'وزير' is not a hit of 'زير': it could be read و + زير, but وزير is a word of its own (data/lookalikes.tsv: wordfreq 5.38 against 3.23).
    >>> print(explain_match("هجومها", "هجوم"))
    'هجومها' is not a hit of 'هجوم': only و ف ب ك ل and ال before the word and a tanween alef after it are taken off (a wildcard, 'هجوم*', also finds longer words).
    """
    matchers = parse_query(query, mode=mode)
    if len(matchers) != 1:
        raise QueryError(f"explain_match() explains one query word; {query!r} has {len(matchers)} words.")
    m, norm = matchers[0], normalize(token)
    hit = m(norm)
    says = f"{token!r} is {'' if hit else 'not '}a hit of {query!r}"
    if mode != "clitic":
        how = "equal to" if mode == "exact" and "*" not in query else "matched by"
        return f"{says} in {mode} mode: its normal form {norm!r} is {'' if hit else 'not '}{how} {normalize(query)!r}."
    w = _clean_word(m.word, "clitic")
    if m.stem is not None:
        fits, heads = m.stem.fullmatch, m.heads
    else:
        stems = _stems(w)
        fits, heads = (lambda s: s in stems), ()
    readings = [r for r in _readings(norm) if fits(r[2])]
    if hit:  # the reading the matcher took: the first that is not a look-alike
        if m.stem is not None:
            c, q, st, x = _wild_reading(norm, m.stem, heads)
        else:
            c, q, st, x = next((r for r in readings if not _lookalike(*r)), readings[0])
        parts = [f"{p} ({CLITIC_GLOSSES[p]})" for p in (c, q) if p] + [st] + ([f"ا ({CLITIC_GLOSSES['ا']})"] if x else [])
        return f"{says}: {' + '.join(parts)}." if len(parts) > 1 else f"{says}: its own letters fit, no clitic."
    reasons = _lookalike_reasons()
    for c, q, st, x in readings:
        found = _own_word(c, q, st, x)
        for h in heads if found is None and (c or q) else ():
            if h and st.startswith(h) and st[len(h):] in _ENDINGS:
                found = _own_word(c, q, h, "")
                if found:
                    break
        if found:
            own, key = found
            reading = " + ".join(p for p in (c, q, st, x) if p)
            return (f"{says}: it could be read {reading}, but {own} is a word of its own "
                    f"(data/{LOOKALIKES_FILE}: {reasons[own, key]}).")
    says += ": only و ف ب ك ل and ال before the word and a tanween alef after it are taken off"
    return f"{says} (a wildcard, {w + '*'!r}, also finds longer words)." if "*" not in w else f"{says}."
