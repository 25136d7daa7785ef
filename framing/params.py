"""Declared parameter constraints: each verb says once what each parameter accepts (internal).

In the spirit of scikit-learn's ``_param_validation``: a verb is decorated
with :func:`validate_params` and a dict ``{parameter: [constraint, ...]}``.
A value is accepted when one of its constraints accepts it (``None`` in the
list accepts ``None``). Otherwise one message form names the verb, the
parameter, what is accepted and what was given:

>>> @validate_params({"window": [Whole(0)], "mode": [Options(("clitic", "exact"))]})
... def look(window=5, mode="clitic"):
...     return window
>>> look(window=-1)
Traceback (most recent call last):
...
framing.errors.QueryError: The 'window' parameter of look() must be a whole number >= 0. Got -1 instead.
>>> look(mode="fuzzy")
Traceback (most recent call last):
...
framing.errors.QueryError: The 'mode' parameter of look() must be one of 'clitic', 'exact'. Got 'fuzzy' instead.

The declared constraints are kept on the function (``look.constraints``),
so that one test (``tests/test_params.py``) walks every public verb and
parameter with a value that no constraint accepts. The corpus is checked by
:func:`framing.validate.check_corpus`, whose messages teach the usual slips
(arguments swapped, a missing column). Checks that need the data (does this
outlet exist? is this a lexicon?) stay in the verbs.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import math
import os
from collections.abc import Hashable
from numbers import Integral, Real

from framing.errors import FramingError, QueryError
from framing.validate import check_corpus

__all__ = [
    "Boolean", "Checked", "Constraint", "CORPUS", "Frame", "Names", "Number", "Options", "Pair", "PathLike",
    "Selection", "Text", "Whole",
    "check_options", "check_param", "describe", "validate_params",
]


class Constraint:
    """One kind of accepted value. ``text`` says what it accepts, in a message."""

    text = "?"

    def ok(self, value) -> bool:  # pragma: no cover - every constraint defines it
        raise NotImplementedError

    def bad_values(self) -> list:
        """Values this constraint refuses (for the walk over every verb in the tests)."""
        return []

    def hint(self, value) -> str:
        """A sentence for the end of the message about a refused ``value`` ("" for none)."""
        return ""


class Boolean(Constraint):
    """True or False (a string such as "no" is not)."""

    text = "True or False"

    def ok(self, value):
        # numpy's bool (what a comparison on a column gives) is a yes or no too
        return isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"))

    def coerce(self, value):
        return bool(value)  # the verb receives True or False

    def bad_values(self):
        return ["yes", 1]


def _is_whole(value) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


class Whole(Constraint):
    """A whole number (``int``, never True/False) from ``low`` (and up to ``high``)."""

    def __init__(self, low: int, high: int | None = None):
        self.low, self.high = low, high
        self.text = (f"a whole number >= {low}" if high is None
                     else f"a whole number from {low} to {high}")

    def ok(self, value):
        return _is_whole(value) and value >= self.low and (self.high is None or value <= self.high)

    def bad_values(self):
        return [self.low - 1, str(self.low), 2.5]


class Number(Constraint):
    """A finite real number (not True/False, not NaN) between ``low`` and ``high``; ``open`` excludes the ends."""

    def __init__(self, low: float | None = None, high: float | None = None, *, open: bool = False,
                 whole: bool = True, text: str = ""):
        self.low, self.high, self.open, self.whole = low, high, open, whole
        if text:
            self.text = text
        elif high is None:
            self.text = f"a number {'>' if open else '>='} {low}"
        else:
            self.text = f"a number between {low} and {high}" + (" (both excluded)" if open else "")
        if not whole and not text:
            self.text = self.text.replace("a number", "a fraction", 1)

    def ok(self, value):
        if not _is_real(value) or (not self.whole and _is_whole(value)):
            return False
        if self.low is not None and (value <= self.low if self.open else value < self.low):
            return False
        return self.high is None or (value < self.high if self.open else value <= self.high)

    def bad_values(self):
        return ["0.5", (self.low if self.low is not None else 0) - 1]


class Options(Constraint):
    """One of a fixed list of values (the list a docstring quotes).

    ``renamed`` maps old names of values to their new ones: an old name is
    refused, and the message says what it is called now.

    >>> sort = Options((None, "before1"), renamed={"L1": "before1"})
    >>> sort.ok("L1"), sort.hint("l1")
    (False, " Did you mean 'before1'? ('L1' is its old name.)")
    """

    def __init__(self, values, *, renamed: dict | None = None):
        self.values = tuple(values)
        self.text = "one of " + ", ".join(repr(v) for v in self.values)
        self.renamed = {str(old).casefold(): (old, new) for old, new in (renamed or {}).items()}

    def ok(self, value):
        if isinstance(value, bool):  # True == 1: never an option by accident
            return any(v is value for v in self.values)
        if not isinstance(value, Hashable):  # a list, or a numpy array (compared element by element)
            return False
        try:
            return value in self.values
        except (TypeError, ValueError):
            return False

    def bad_values(self):
        return ["no-such-option"]

    def hint(self, value) -> str:
        if isinstance(value, str) and value.casefold() in self.renamed:
            old, new = self.renamed[value.casefold()]
            return f" Did you mean {new!r}? ({old!r} is its old name.)"
        return ""


class Text(Constraint):
    """A str (what it must hold is the verb's to check: a query, a path); ``text`` may say more."""

    def __init__(self, text: str = "a str"):
        self.text = text

    def ok(self, value):
        return isinstance(value, str)

    def bad_values(self):
        return [5, ["غزو"]]


class Selection(Constraint):
    """Which documents to keep: one value of a metadata column, or a list of them."""

    text = "a value of the column or a list of values (e.g. 'Reuters' or ['Reuters', 'AFP-Arabic'])"

    def ok(self, value):
        if isinstance(value, (str, Integral)) and not isinstance(value, bool):
            return True
        return (isinstance(value, (list, tuple, set)) and len(value) > 0
                and all(isinstance(v, (str, Integral)) and not isinstance(v, bool) for v in value))

    def bad_values(self):
        return [[], True]


class Names(Constraint):
    """One name or a non-empty list of names (frame ids, coders)."""

    def __init__(self, text: str = "a str or a list of str"):
        self.text = text

    def ok(self, value):
        return isinstance(value, str) or (isinstance(value, (list, tuple)) and len(value) > 0
                                          and all(isinstance(v, str) for v in value))

    def bad_values(self):
        return [[], [3]]


class Pair(Constraint):
    """A pair of whole numbers ``(low, high)`` with ``minimum <= low <= high``."""

    def __init__(self, minimum: int = 1, names: tuple = ("min_n", "max_n")):
        self.minimum = minimum
        self.text = f"a pair ({names[0]}, {names[1]}) with {minimum} <= {names[0]} <= {names[1]}"

    def ok(self, value):
        return (isinstance(value, (tuple, list)) and len(value) == 2 and all(_is_whole(v) for v in value)
                and self.minimum <= value[0] <= value[1])

    def bad_values(self):
        return [(2, 1), 3]


class PathLike(Constraint):
    """The path of a file or folder (a str or a ``pathlib.Path``)."""

    text = "a path (a str or a pathlib.Path)"

    def ok(self, value):
        return isinstance(value, (str, os.PathLike))

    def bad_values(self):
        return [5]


class Frame(Constraint):
    """A pandas DataFrame (a corpus, or a table a verb returned)."""

    def __init__(self, text: str = "a pandas DataFrame"):
        self.text = text

    def ok(self, value):
        import pandas as pd

        return isinstance(value, pd.DataFrame)

    def bad_values(self):
        return ["غزو", 5]


class Checked(Constraint):
    """Accepted here and checked by the function named, whose messages know the data (a lexicon, a pair id)."""

    def __init__(self, by: str):
        self.text = f"(checked by {by})"

    def ok(self, value):
        return True


class _Corpus(Constraint):
    text = "a corpus DataFrame (from framing.load_corpus())"

    def ok(self, value):
        try:
            check_corpus(value)
        except FramingError:
            return False
        return True

    def bad_values(self):
        return ["غزو", [1, 2]]


#: The corpus, first argument of most verbs: checked by :func:`framing.validate.check_corpus`.
CORPUS = _Corpus()


def describe(allowed: list) -> str:
    """What a list of constraints accepts, in words: ``'a whole number >= 1 or None'``."""
    parts = [c.text for c in allowed if c is not None]
    if None in allowed:
        parts.append("None")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def check_param(verb: str, name: str, value, allowed: list, *, swap: bool = True) -> None:
    """Raise the one message form unless a constraint of ``allowed`` accepts ``value``.

    >>> check_param("top_terms", "n", 0, [Whole(1)])
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'n' parameter of top_terms() must be a whole number >= 1. Got 0 instead.
    """
    if value is None and None in allowed:
        return
    if any(c is not None and c.ok(value) for c in allowed):
        return
    if CORPUS in allowed:
        check_corpus(value, verb, swap=swap)  # its messages teach (swapped arguments, a missing column)
    hints = "".join(c.hint(value) for c in allowed if c is not None)
    raise QueryError(f"The {name!r} parameter of {verb}() must be {describe(allowed)}. Got {value!r:.80} instead."
                     + hints)


def validate_params(constraints: dict, *, verb: str | None = None):
    """Decorate a verb so that its parameters are checked, in the order declared, before it runs.

    Every parameter of the verb must be declared (a test checks it), except
    ``**options`` passed on to another verb that checks them.
    """

    def decorate(func):
        sig = inspect.signature(func)
        name = verb or func.__name__
        unknown = set(constraints) - set(sig.parameters)
        if unknown:  # a typo in a declaration is the kit's bug: fail at import
            raise TypeError(f"{name}: constraints for parameters it does not have: {sorted(unknown)}")

        # "Did you swap the arguments?" only makes sense for a verb that takes a second one
        swap = sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in sig.parameters.values()) > 1

        @functools.wraps(func)
        def checked(*args, **kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as err:
                raise QueryError(f"{name}(): {err}{_did_you_mean(err, sig)}. Its parameters are: {_listed(sig)}.") from None
            bound.apply_defaults()
            for param, allowed in constraints.items():
                value = bound.arguments[param]
                check_param(name, param, value, allowed, swap=swap)
                for c in allowed:
                    if isinstance(c, Boolean) and c.ok(value):
                        bound.arguments[param] = c.coerce(value)
            return func(*bound.args, **bound.kwargs)

        checked.constraints = constraints
        return checked

    return decorate


def check_options(verb: str, target, options: dict, *, taken: tuple = ("corpus",)) -> None:
    """Check ``**options`` that ``verb`` passes on to ``target`` (a validated verb), naming ``verb``.

    >>> from framing.tfidf import tfidf
    >>> check_options("similarity", tfidf, {"norm": "l3"})
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'norm' parameter of similarity() must be one of 'l2', 'l1', None. Got 'l3' instead.
    """
    for key, value in options.items():
        if key not in target.constraints or key in taken:
            known = [k for k in target.constraints if k not in taken]
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise QueryError(f"{verb}() has no option {key!r}.{hint} Its options are those of "
                             f"{target.__name__}(): {', '.join(known)}.")
        check_param(verb, key, value, target.constraints[key])


def _listed(sig: inspect.Signature) -> str:
    return ", ".join(p.name if p.kind is not p.VAR_KEYWORD else f"**{p.name}" for p in sig.parameters.values())


def _did_you_mean(err: TypeError, sig: inspect.Signature) -> str:
    words = str(err).rsplit("'", 2)
    if "unexpected keyword" not in str(err) or len(words) < 3:
        return ""
    close = difflib.get_close_matches(words[1], list(sig.parameters), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
