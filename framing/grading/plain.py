"""Plain data: the only thing that leaves a grading sandbox.

A graded notebook runs in a sandbox; what its hidden tests read (``q1_answer``,
``q3_pair`` ...) comes out as JSON with exact built-in types, and the tests run
in another process on what :func:`decode` rebuilds. Nothing from the sandbox is
unpickled, imported or run.

Each value is a JSON list whose first item names its type:

============================== =================================================
``["none"]``                   ``None``
``["bool", true]``             ``True`` / ``False``
``["int", "-12"]``             an ``int`` (as text: any size, up to 4,300 digits)
``["float", "0.1"]``           a ``float`` (``repr``: exact, ``nan`` and ``inf`` too)
``["str", "غزو"]``             a ``str``
``["list", [...]]``            ``list``; also ``tuple``, ``set``, ``frozenset``
``["dict", [[k, v], ...]]``    a ``dict`` (keys in order, any plain hashable key)
``["frame", {...}]``           a pandas ``DataFrame`` (or a subclass, such as the
                               kit's concordances): ``columns``, ``index``, ``data``
                               (a list of rows), each cell plain; it arrives as a
                               plain ``DataFrame`` with the dtypes pandas infers
``["ellipsis"]``               ``...``: an answer not written yet
``["missing"]``                the name was never defined
``["other", "numpy.int64"]``   anything else, by its type's name only
``["toolarge", 123456]``       a value whose JSON is over the size limit (bytes)
============================== =================================================

A set or dict holds at most 5,000 items. Only exact types count: an ``int`` subclass with an ``__eq__`` that always
says yes is ``["other", "Sly"]``, so a test's ``type(x) is int`` fails as it
should. The tests receive :class:`NotPlain` for ``other``, ``missing`` is left
undefined, and ``toolarge`` is a :class:`NotPlain` too.

>>> encode([1, (2.5, "غزو"), {"a": None}])
['list', [['int', '1'], ['tuple', [['float', '2.5'], ['str', 'غزو']]], ['dict', [[['str', 'a'], ['none']]]]]]
>>> decode(encode({frozenset({1}), (True, ...)})) == {frozenset({1}), (True, ...)}
True
>>> class Sly(int):
...     def __eq__(self, other): return True
>>> encode(Sly(3))
['other', '...Sly']
>>> decode(["int", "1e9"])
Traceback (most recent call last):
...
framing.grading.plain.PlainDataError: not a plain int: '1e9'
"""

from __future__ import annotations

import json
import re
# Bound when this module is imported, before any notebook code runs: a notebook that
# replaces builtins.type or builtins.isinstance cannot change how its answers are read.
from builtins import getattr as _getattr, issubclass as _issubclass, len as _len, str as _str, type as _type
from types import ModuleType as _Module

_JSON = json.JSONEncoder(ensure_ascii=True)  # lone surrogates too travel as \\udXXXX escapes

__all__ = ["clean", "encode", "decode", "encode_names", "decode_names", "NotPlain", "PlainDataError", "MAX_BYTES"]

#: Most bytes of JSON that all the exported names may take together.
MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of lists, dicts and sets.
MAX_DEPTH = 40
#: Most items of one set or dict: building a set of values chosen to collide in their
#: hashes takes quadratic time, so what may be built is bounded.
MAX_HASHED = 5000
_INT = re.compile(r"-?[0-9]{1,4300}")
_SEQUENCES = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}


class PlainDataError(ValueError):
    """What came out of a sandbox is not plain data in the form above."""


class NotPlain:
    """Stands in, in the tests, for a value that is not plain data (it equals nothing but itself).

    >>> NotPlain("numpy.int64")
    <not plain data: numpy.int64>
    """

    __slots__ = ("what",)

    def __init__(self, what: str):
        self.what = what

    def __repr__(self):
        return f"<not plain data: {self.what}>"


class _TooDeep(Exception):
    pass


def clean(text, limit: int = 300) -> str:
    """One line of at most ``limit`` characters, with no lone surrogates (they cannot be written as UTF-8)."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(text.split())[:limit]


def dumps(item) -> str:
    """JSON text of an encoded item (the C encoder, which no patched builtin reaches)."""
    return "".join(_JSON.iterencode(item, _one_shot=True))


def _type_name(value) -> str:
    cls = _type(value)
    if _issubclass(cls, _Module):
        return "module"  # a package with a module class of its own (framing's) is a module too
    module = _getattr(cls, "__module__", "") or ""
    name = _getattr(cls, "__qualname__", "") or "?"
    text = name if module in ("builtins", "__main__") else f"{module}.{name}"
    return _str.__str__(text if _type(text) is _str else "?")[:100]


def _frame_class():
    import sys

    pandas = sys.modules.get("pandas")
    return getattr(pandas, "DataFrame", None) if pandas is not None else None


def encode(value, depth: int = 0):
    """The tagged JSON form of ``value`` (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    kind = _type(value)
    if value is None:
        return ["none"]
    if value is Ellipsis:
        return ["ellipsis"]
    if kind is bool:
        return ["bool", value]
    if kind is int:
        try:
            return ["int", int.__repr__(value)]
        except ValueError:  # more digits than Python will write (4,300)
            return ["other", "int (more than 4300 digits)"]
    if kind is float:
        return ["float", float.__repr__(value)]
    if kind is str:
        return ["str", value]
    for tag, cls in _SEQUENCES.items():
        if kind is cls:
            return [tag, [encode(item, depth + 1) for item in value]]
    if kind is dict:
        return ["dict", [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in dict.items(value)]]
    frame = _frame_class()
    if frame is not None and issubclass(kind, frame):  # the kit's Concordance is a DataFrame too
        split = value.to_dict(orient="split")
        return ["frame", {"columns": [encode(c, depth + 1) for c in split["columns"]],
                          "index": [encode(i, depth + 1) for i in split["index"]],
                          "data": [[encode(x, depth + 1) for x in row] for row in split["data"]]}]
    return ["other", _type_name(value)]


def encode_names(namespace: dict, names, max_bytes: int = MAX_BYTES) -> dict:
    """``{name: tagged JSON}`` for each name; undefined names are ``["missing"]``.

    A value that cannot be encoded (too deep, too large, an error while reading
    it) becomes ``["other", ...]`` or ``["toolarge", n]``: one bad value never
    stops the others.
    """
    out, used = {}, 0
    for name in names:
        if name not in namespace:
            out[name] = ["missing"]
            continue
        try:
            item = encode(namespace[name])
            size = _len(dumps(item).encode("utf-8"))
        except _TooDeep:
            item, size = ["other", f"nested deeper than {MAX_DEPTH}"], 40
        except RecursionError:
            item, size = ["other", "nested too deep"], 40
        except Exception as err:  # a broken __len__, a frame that cannot be read ...
            item, size = ["other", f"unreadable ({type(err).__name__})"], 40
        if used + size > max_bytes:
            item, size = ["toolarge", size], 30
        out[name] = item
        used += size
    return out


def decode(item, depth: int = 0):
    """The Python value of a tagged JSON item; :class:`PlainDataError` for anything else."""
    if depth > MAX_DEPTH + 2:
        raise PlainDataError("nested too deep")
    if type(item) is not list or not item or type(item[0]) is not str:
        raise PlainDataError(f"not a tagged value: {str(item)[:60]!r}")
    tag, rest = item[0], item[1:]

    def one(kind):
        if len(rest) != 1 or type(rest[0]) is not kind:
            raise PlainDataError(f"a {tag!r} value needs one {kind.__name__}")
        return rest[0]

    if tag in ("none", "ellipsis", "missing") and not rest:
        return {"none": None, "ellipsis": Ellipsis, "missing": NotPlain("never defined")}[tag]
    if tag == "bool":
        return one(bool)
    if tag == "int":
        text = one(str)
        if not _INT.fullmatch(text):
            raise PlainDataError(f"not a plain int: {text[:40]!r}")
        return int(text)
    if tag == "float":
        text = one(str)
        try:
            if len(text) > 40:
                raise ValueError
            return float(text)
        except ValueError:
            raise PlainDataError(f"not a plain float: {text[:40]!r}") from None
    if tag == "str":
        return one(str)
    if tag in _SEQUENCES:
        raw = one(list)
        if tag in ("set", "frozenset") and len(raw) > MAX_HASHED:
            raise PlainDataError(f"a {tag} of more than {MAX_HASHED} items")
        items = [decode(x, depth + 1) for x in raw]
        try:
            return _SEQUENCES[tag](items)
        except TypeError:
            raise PlainDataError(f"a {tag} holds an unhashable item") from None
    if tag == "dict":
        out = {}
        if len(one(list)) > MAX_HASHED:
            raise PlainDataError(f"a dict of more than {MAX_HASHED} items")
        for pair in one(list):
            if type(pair) is not list or len(pair) != 2:
                raise PlainDataError("a dict item must be a [key, value] pair")
            key = decode(pair[0], depth + 1)
            try:
                out[key] = decode(pair[1], depth + 1)
            except TypeError:
                raise PlainDataError("a dict key is unhashable") from None
        return out
    if tag == "frame":
        spec = one(dict)
        if set(spec) != {"columns", "index", "data"} or not all(type(v) is list for v in spec.values()):
            raise PlainDataError("a frame needs exactly: columns, index, data (lists)")
        columns = [decode(c, depth + 1) for c in spec["columns"]]
        index = [decode(i, depth + 1) for i in spec["index"]]
        rows = []
        for row in spec["data"]:
            if type(row) is not list or len(row) != len(columns):
                raise PlainDataError("a frame row must have one cell per column")
            rows.append([decode(x, depth + 1) for x in row])
        if len(rows) != len(index):
            raise PlainDataError("a frame needs one index label per row")
        import pandas as pd

        return pd.DataFrame(rows, columns=columns, index=index) if rows else pd.DataFrame(columns=columns)
    if tag == "other":
        return NotPlain(one(str)[:100])
    if tag == "toolarge":
        size = one(int)
        return NotPlain(f"too large ({size} bytes of JSON)")
    raise PlainDataError(f"unknown type tag {tag!r}")


def decode_names(names: dict, wanted) -> dict:
    """The test environment: each wanted name decoded, undefined ones left out."""
    if type(names) is not dict:
        raise PlainDataError("the names must be a JSON object")
    env = {}
    for name in wanted:
        item = names.get(name, ["missing"])
        if item == ["missing"]:
            continue
        env[name] = decode(item)
    return env
