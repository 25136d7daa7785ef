"""Errors the kit raises for bad input: each message names the file, line,
row or value at fault and says what to do next."""

from __future__ import annotations

__all__ = ["FramingError", "CorpusError", "QueryError", "LexiconError", "check_bool", "check_choice", "check_whole"]


class FramingError(ValueError):
    """Base class: a mistake in what the user passed (not a bug in the kit)."""


class CorpusError(FramingError):
    """A corpus file or its metadata cannot be loaded as it is."""


class QueryError(FramingError):
    """A search query or one of its options is not valid."""


class LexiconError(FramingError):
    """A lexicon (or a file of lexical-choice pairs) cannot be used as it is."""


def check_choice(name: str, value, allowed) -> None:
    """Raise a FramingError naming the parameter, the accepted values and the value passed.

    >>> check_choice("mode", "clitic", ("clitic", "exact"))
    >>> check_choice("mode", "fuzzy", ("clitic", "exact"))
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'mode' parameter must be one of 'clitic', 'exact'. Got 'fuzzy' instead.
    """
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise QueryError(
            f"The {name!r} parameter must be one of {listed}. Got {value!r} instead."
        )


def check_whole(name: str, value, minimum: int) -> None:
    """Raise a QueryError unless ``value`` is a whole number >= ``minimum`` (True/False are not numbers here).

    >>> check_whole("window", 5, 0)
    >>> check_whole("window", "5", 0)
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'window' parameter must be a whole number >= 0. Got '5' instead.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise QueryError(f"The {name!r} parameter must be a whole number >= {minimum}. Got {value!r} instead.")


def check_bool(name: str, value) -> None:
    """Raise a QueryError unless ``value`` is True or False (a string such as "no" is not).

    >>> check_bool("furniture", False)
    >>> check_bool("furniture", "yes")
    Traceback (most recent call last):
    ...
    framing.errors.QueryError: The 'furniture' parameter must be True or False. Got 'yes' instead.
    """
    if not isinstance(value, bool):
        raise QueryError(f"The {name!r} parameter must be True or False. Got {value!r} instead.")
