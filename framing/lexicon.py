"""Frame lexicons: the Arabic words that signal a frame, kept as data and checked on load.

A lexicon is a YAML file, a dict with the same structure (written in a
notebook), or a tidy table with one row per term. The YAML form::

    name: seeds
    description: What the lexicon is for.
    frames:
      - id: war_invasion                     # short id, used in every table
        name: The 2003 war as an invasion    # in English
        description: What the frame says about the event.
        policy_frame: security and defense   # optional; one of POLICY_FRAMES
        policy_note: Why that dimension.     # optional
        terms:
          - ar: غزو                          # one spelling, or a list of variants
            gloss: invasion                  # English
            translit: ghazw
            note: Why this word signals the frame, and where the seeds use it.
          - ar: [احتلال, الاحتلال]            # variants of one term
            gloss: occupation

The table form has the columns ``frame`` and ``term`` (one Arabic variant
per row) and, if you like, ``gloss``, ``translit`` and ``note``.

Each Arabic term is a query for :func:`framing.kwic`: one word or a phrase of
consecutive words, ``*`` standing for any letters (``هجوم*``), matched
clitic-aware by default (``غزو`` finds ``الغزو`` and ``للغزو``; see
:mod:`framing.match`). :mod:`framing.frames` counts them.

Checked when loaded (a :class:`LexiconError` names the file, the line when
there is one, the frame and the term): YAML syntax; a key that is not
allowed ("trems": did you mean 'terms'?) or given twice; terms outside any
frame (at the top level, or in a frame without ``id``); a frame without
``id`` or ``name``, or without terms; two frames with one ``id``; an empty
term; a term with no Arabic letter; the same term twice, in two frames or
in one (the same after :func:`framing.normalize` and with the article ال
taken off each word, since clitic matching treats ``الغزو`` and ``غزو``
alike); a ``policy_frame`` that is not one of the codebook's dimensions.

Policy frames
-------------
``policy_frame`` places a frame in one of the 15 dimensions of the Policy
Frames Codebook (Boydstun, Gross, Resnik and Smith 2014; the names used in
the Media Frames Corpus, Card et al. 2015), listed in :data:`POLICY_FRAMES`.
The codebook was written for US policy debates: some frames of war
reporting fit no dimension well (it has no "sovereignty"), so say why you
chose one in ``policy_note``, or leave ``policy_frame`` out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.display import as_table
from framing.errors import FramingError
from framing.normalize import is_arabic, normalize

__all__ = [
    "Lexicon",
    "LexiconError",
    "load_lexicon",
    "bundled_lexicons",
    "POLICY_FRAMES",
    "LEXICON_KEYS",
    "FRAME_KEYS",
    "TERM_KEYS",
    "TABLE_COLUMNS",
]

#: The 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014),
#: as the Media Frames Corpus names them: the accepted values of ``policy_frame``.
POLICY_FRAMES = (
    "economic",
    "capacity and resources",
    "morality",
    "fairness and equality",
    "legality, constitutionality and jurisprudence",
    "policy prescription and evaluation",
    "crime and punishment",
    "security and defense",
    "health and safety",
    "quality of life",
    "cultural identity",
    "public opinion",
    "political",
    "external regulation and reputation",
    "other",
)
#: Keys allowed at the top of a lexicon.
LEXICON_KEYS = ("name", "description", "frames")
#: Keys allowed in a frame.
FRAME_KEYS = ("id", "name", "description", "policy_frame", "policy_note", "terms")
#: Keys allowed in a term.
TERM_KEYS = ("ar", "gloss", "translit", "note")
#: Columns of a tidy lexicon table (``frame`` and ``term`` are required).
TABLE_COLUMNS = ("frame", "term", "gloss", "translit", "note")

_HINTS = {
    "sovereignty": "the codebook has no 'sovereignty' dimension: use 'external regulation and reputation' "
    "(sovereignty against other states) or 'political' (who governs), and say why in policy_note.",
}


class LexiconError(FramingError):
    """A lexicon (or a file of lexical-choice pairs) cannot be used as it is."""


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


class Lexicon:
    """A checked lexicon: two ordinary DataFrames and a name.

    Attributes
    ----------
    name, description : str
    source : str
        Where it came from: a file path, ``"dict"`` or ``"DataFrame"``.
    frames : pandas.DataFrame
        One row per frame: ``id``, ``name``, ``description``,
        ``policy_frame``, ``policy_note``, ``n_terms`` (its Arabic variants).
    terms : pandas.DataFrame
        One row per Arabic variant: ``frame`` (the frame's id), ``term``,
        ``gloss``, ``translit``, ``note``. This is also the tidy form that
        :func:`load_lexicon` accepts back.

    Why an object with two tables, and not one table with ``.attrs``: a
    lexicon has facts about frames (name, policy frame) and facts about
    terms, and pandas drops ``.attrs`` in many operations (merge, concat);
    two plain tables can be filtered, merged and saved like any other.
    """

    def __init__(self, name: str, description: str, frames, terms, source: str):
        self.name = name
        self.description = description
        self.frames = as_table(frames)
        self.terms = as_table(terms)
        self.source = source

    def __repr__(self) -> str:
        head = (
            f"Lexicon {self.name!r}: {len(self.frames)} frames, {len(self.terms)} terms "
            f"(one per Arabic variant), from {self.source}"
        )
        table = self.frames[["id", "name", "policy_frame", "n_terms"]].to_string(index=False)
        return head + "\n" + table

    def _repr_html_(self) -> str:
        import html

        head = html.escape(self.__repr__().split("\n")[0])
        return f"<div>{head}</div>" + self.frames.to_html(index=False)

    def to_dict(self) -> dict:
        """The lexicon as a dict that :func:`load_lexicon` takes back (one term per variant)."""
        frames = []
        for row in self.frames.itertuples(index=False):
            terms = self.terms[self.terms.frame == row.id]
            frame = {"id": row.id, "name": row.name, "description": row.description}
            if row.policy_frame:
                frame["policy_frame"] = row.policy_frame
            if row.policy_note:
                frame["policy_note"] = row.policy_note
            frame["terms"] = [
                {"ar": t.term, "gloss": t.gloss, "translit": t.translit, "note": t.note}
                for t in terms.itertuples(index=False)
            ]
            frames.append(frame)
        return {"name": self.name, "description": self.description, "frames": frames}


# --------------------------------------------------------------------------
# Where things are: YAML with line numbers
# --------------------------------------------------------------------------


def _kind(value) -> str:
    """The name of what the user wrote (``str``, ``dict``, ``list``, ``int``), never a class of this module.

    >>> _kind(_LocatedStr("غزو")), _kind(_Located({})), _kind(5)
    ('str', 'dict', 'int')
    """
    for plain in (bool, int, float, str, dict, list):
        if isinstance(value, plain):
            return plain.__name__
    return type(value).__name__


class _Located(dict):
    """A mapping read from YAML: ``where`` is "line N"; ``duplicate`` a key given twice."""

    where: str | None = None
    duplicate: tuple | None = None


class _LocatedStr(str):
    where: str | None = None


def _where(obj) -> str | None:
    return getattr(obj, "where", None)


@lru_cache(maxsize=1)
def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        loader.flatten_mapping(node)
        seen, duplicate = set(), None
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                if key in seen and duplicate is None:
                    duplicate = (key, key_node.start_mark.line + 1)
                seen.add(key)
            except TypeError:  # an unhashable key: construct_mapping reports it
                pass
        data = _Located(loader.construct_mapping(node, deep=True))
        data.where = f"line {node.start_mark.line + 1}"
        data.duplicate = duplicate
        return data

    def string(loader, node):
        s = _LocatedStr(loader.construct_scalar(node))
        s.where = f"line {node.start_mark.line + 1}"
        return s

    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:str", string)
    return Loader


def _read_yaml(path: Path):
    import yaml

    from framing.errors import CorpusError
    from framing.readers import read_text

    try:
        text = read_text(path, what="lexicon file")
    except CorpusError as err:
        raise LexiconError(str(err)) from None
    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        problem = getattr(err, "problem", None) or str(err)
        raise LexiconError(
            f"{where}: not valid YAML: {problem}. Check the indentation, and put a text "
            f"that contains ': ' or starts with [ {{ * in quotes."
        ) from None


# --------------------------------------------------------------------------
# One validator for lexicons and for lexical-choice pairs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """What a two-level file (groups of terms) looks like: a lexicon or choice pairs."""

    kind: str  # "lexicon" / "file of lexical-choice pairs"
    top_keys: tuple
    groups_key: str  # "frames" / "pairs"
    group: str  # "frame" / "pair"
    group_keys: tuple
    items_key: str  # "terms" / "wordings"
    item: str  # "term" / "wording"
    min_items: int
    same_term_scope: str  # "lexicon": a term in one frame only; "group": one wording per pair
    example_id: str
    example_name: str


LEXICON_SPEC = _Spec(
    kind="lexicon",
    top_keys=LEXICON_KEYS,
    groups_key="frames",
    group="frame",
    group_keys=FRAME_KEYS,
    items_key="terms",
    item="term",
    min_items=1,
    same_term_scope="lexicon",
    example_id="war_invasion",
    example_name="The 2003 war as an invasion",
)


def _did_you_mean(key, allowed) -> str:
    close = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.6)
    listed = ", ".join(allowed)
    if close:
        return f"did you mean {close[0]!r}? Allowed keys: {listed}."
    return f"allowed keys: {listed}."


class _Checker:
    """Walks a raw lexicon (dict from YAML, from a notebook or from a table) and checks it."""

    def __init__(self, origin: str, spec: _Spec):
        self.origin = origin
        self.spec = spec

    def fail(self, problem: str, where=None, group=None, term=None):
        parts = [self.origin]
        if where:
            parts.append(where)
        if group is not None:
            parts.append(f"{self.spec.group} {group}")
        if term is not None:
            parts.append(f"term {term!r}")
        raise LexiconError(", ".join(parts) + ": " + problem)

    def keys(self, mapping, allowed, what: str, where=None, group=None, term=None):
        if mapping.__class__ is _Located and mapping.duplicate:
            key, line = mapping.duplicate
            self.fail(f"the key {key!r} is given twice (again at line {line}); YAML keeps only the last one.",
                      where, group, term)
        for key in mapping:
            if key not in allowed:
                self.fail(f"unknown key {str(key)!r} in {what}: {_did_you_mean(key, allowed)}",
                          _where(key) or where, group, term)

    def text(self, value, key: str, where, group, term=None) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(f"{key!r} must be text, got {_kind(value)} {value!r}.", where, group, term)
        return str(value).strip()

    def run(self, data) -> tuple[dict, list[dict], list[dict]]:
        """Return (top, groups, items): top-level fields, one dict per group, one per Arabic variant."""
        spec = self.spec
        if not isinstance(data, dict):
            got = "nothing (an empty file?)" if data is None else f"a {_kind(data)}"
            self.fail(f"a {spec.kind} is a mapping with the keys {', '.join(spec.top_keys)}; got {got}.")
        for key in data:
            if key == spec.items_key or (key not in spec.top_keys and key in ("term", "terms", "wording", "wordings")):
                self.fail(
                    f"{key!r} at the top level: these terms are in no {spec.group}. Put them in a "
                    f"{spec.group}'s {spec.items_key!r} list ({spec.groups_key}: - id: ..., name: ..., "
                    f"{spec.items_key}: [...]).",
                    _where(key) or _where(data),
                )
        self.keys(data, spec.top_keys, f"the {spec.kind}", _where(data))
        top = {k: self.text(data.get(k), k, _where(data), None) for k in ("name", "description")}
        groups_raw = data.get(spec.groups_key)
        if groups_raw is None:
            self.fail(f"the {spec.kind} has no {spec.groups_key!r} list.", _where(data))
        if not isinstance(groups_raw, list):
            self.fail(
                f"{spec.groups_key!r} must be a list, each {spec.group} starting with '- id:'; "
                f"got a {_kind(groups_raw)}.",
                _where(groups_raw) or _where(data),
            )
        if not groups_raw:
            self.fail(f"{spec.groups_key!r} is empty: a {spec.kind} needs at least one {spec.group}.", _where(data))
        groups, items, seen_ids, seen_terms = [], [], {}, {}
        for n, raw in enumerate(groups_raw, start=1):
            group, group_items = self.group(raw, n, data, seen_ids, seen_terms)
            groups.append(group)
            items.extend(group_items)
        return top, groups, items

    def group(self, raw, n, data, seen_ids, seen_terms):
        spec = self.spec
        where = _where(raw) or _where(data)
        if not isinstance(raw, dict):
            self.fail(
                f"each {spec.group} is a mapping with {', '.join(spec.group_keys)}; got "
                f"{_kind(raw)} {raw!r:.40}.",
                _where(raw) or where, f"{n}",
            )
        name_hint = f" (name {raw.get('name')!r})" if raw.get("name") else ""
        gid = raw.get("id")
        if gid is None or (isinstance(gid, str) and not gid.strip()):
            first = _first_term(raw.get(spec.items_key))
            terms = f" (first: {first!r})" if first else ""
            self.fail(
                f"has no 'id', so its {spec.items_key}{terms} are in no {spec.group}. "
                f"Give it a short id, e.g. id: {spec.example_id}.",
                where, f"{n}{name_hint}",
            )
        if not isinstance(gid, str):
            self.fail(f"the id must be text, got {_kind(gid)} {gid!r}: write id: '{gid}'.", where, f"{n}")
        gid = str(gid).strip()
        label = repr(gid)
        self.keys(raw, spec.group_keys, f"a {spec.group}", where, label)
        if gid in seen_ids:
            first = f" (first at {seen_ids[gid]})" if seen_ids[gid] else ""
            self.fail(f"the id {gid!r} is used by two {spec.groups_key}{first}; each {spec.group} needs its own id.",
                      where, label)
        seen_ids[gid] = where
        name = self.text(raw.get("name"), "name", where, label)
        if "name" in spec.group_keys and not name:
            self.fail(f"has no 'name': give it a name in English, e.g. name: {spec.example_name}.",
                      where, label)
        group = {"id": gid, "name": name, "description": self.text(raw.get("description"), "description", where, label)}
        if "policy_frame" in spec.group_keys:
            group["policy_frame"] = self.policy(raw.get("policy_frame"), where, label)
            group["policy_note"] = self.text(raw.get("policy_note"), "policy_note", where, label)
        raw_items = raw.get(spec.items_key)
        if raw_items is None or raw_items == [] or raw_items == "":
            self.fail(f"has no {spec.items_key}: list at least {spec.min_items} under {spec.items_key!r}.",
                      where, label)
        if not isinstance(raw_items, list):
            self.fail(f"{spec.items_key!r} must be a list (one '- ar: ...' per {spec.item}); "
                      f"got {_kind(raw_items)} {raw_items!r:.40}.", where, label)
        items, seen_here = [], dict() if spec.same_term_scope == "group" else seen_terms
        for k, entry in enumerate(raw_items, start=1):
            items.extend(self.item(entry, k, gid, label, where, seen_here))
        n_entries = len({it["entry"] for it in items})
        if n_entries < spec.min_items:
            self.fail(f"has {n_entries} {spec.item}; a {spec.group} needs {spec.min_items} or more to compare.",
                      where, label)
        group["n_terms"] = len(items)
        return group, items

    def policy(self, value, where, label):
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        if not isinstance(value, str):
            self.fail(f"'policy_frame' must be text, got {_kind(value)} {value!r}.", where, label)
        folded = " ".join(str(value).replace("&", "and").split()).casefold()
        if folded.endswith(" frames"):
            folded = folded[:-7]
        if folded in POLICY_FRAMES:
            return folded
        hint = _HINTS.get(folded)
        if hint is None:
            words = {dim: dim for dim in POLICY_FRAMES}
            for dim in POLICY_FRAMES:
                for word in dim.replace(",", " ").split():
                    if len(word) > 3:
                        words.setdefault(word, dim)
            close = difflib.get_close_matches(folded, list(words), n=1, cutoff=0.75)
            hint = (f"did you mean {words[close[0]]!r}?" if close
                    else "leave it out if none fits, and say why in policy_note.")
        listed = ", ".join(repr(p) for p in POLICY_FRAMES)
        self.fail(
            f"'policy_frame' must be one of the Policy Frames Codebook's dimensions ({listed}). "
            f"Got {value!r} instead: {hint}",
            where, label,
        )

    def item(self, entry, k, gid, label, group_where, seen):
        spec = self.spec
        where = _where(entry) or group_where
        if isinstance(entry, str):
            entry = {"ar": entry}
        elif not isinstance(entry, dict):
            self.fail(f"{spec.item} {k}: expected '- ar: ...' (with gloss, translit, note), got "
                      f"{_kind(entry)} {entry!r:.40}.", where, label)
        wording = entry.get("_wording")  # a table's 'wording' column
        self.keys({key: v for key, v in entry.items() if key != "_wording"}, TERM_KEYS, f"a {spec.item}",
                  where, label, _first(entry.get("ar")))
        if entry.__class__ is _Located and entry.duplicate:
            key, line = entry.duplicate
            self.fail(f"the key {key!r} is given twice (again at line {line}); YAML keeps only the last one.",
                      where, label, _first(entry.get("ar")))
        if "ar" not in entry:
            self.fail(f"{spec.item} {k} has no 'ar' (the Arabic term): write ar: ... next to gloss.", where, label)
        ar = entry.get("ar")
        variants = ar if isinstance(ar, list) else [ar]
        first = _first(ar)
        fields = {f: self.text(entry.get(f), f, where, label, first) for f in ("gloss", "translit", "note")}
        subject = "the term" if str(where or "").startswith("row") else f"{spec.item} {k}"
        about = f" (gloss {fields['gloss']!r})" if fields["gloss"] else ""
        if not variants:
            self.fail(f"{subject}{about} is empty (ar: []): give at least one Arabic spelling.", where, label)
        out = []
        for variant in variants:
            vwhere = _where(variant) or where
            if variant is None or (isinstance(variant, str) and not variant.strip()):
                self.fail(f"{subject}{about} is empty: give an Arabic word or phrase, or delete it.",
                          vwhere, label)
            if not isinstance(variant, str):
                self.fail(f"{subject} must be text, got {_kind(variant)} {variant!r}.", vwhere, label)
            term = " ".join(str(variant).split())
            if not is_arabic(term):
                self.fail("has no Arabic letter. Put the Arabic in 'ar' and the English in 'gloss'.",
                          vwhere, label, term)
            # How the term is searched depends on the mode it is used in: framing.frames.match_terms
            # refuses there a term that cannot match in that mode, naming it. Here: every word of it
            # has something to search for.
            bare = next((w for w in term.split() if not re.search(r"[^\W_]", w)), None)
            if bare is not None:
                self.fail(f"is not a valid query: The query word {bare!r} has no letter or digit to search for.",
                          vwhere, label, term)
            key = same_term_key(term)
            if key in seen:
                other_gid, other_where, other_term = seen[key]
                at = f" ({other_where})" if other_where else ""
                same = (f"the same term as {other_term!r} (after framing.normalize, and with the article ال "
                        f"taken off, as clitic matching does)") if other_term != term else "the same term"
                if other_gid == gid:
                    self.fail(f"is listed twice in this {spec.group}: {same}{at}. Keep one.", vwhere, label, term)
                what = (" A term may be in one frame only, so that each hit counts for one frame."
                        if spec.same_term_scope == "lexicon" else
                        f" Within a {spec.group}, a term may belong to one wording only.")
                self.fail(f"{same} is already in {spec.group} {other_gid!r}{at}.{what}", vwhere, label, term)
            seen[key] = (gid, vwhere, term)
            shown = wording if isinstance(wording, str) and wording.strip() else first
            out.append({"group": gid, "entry": (gid, k), "label": " ".join(str(shown).split()),
                        "term": term, **fields})
        return out


def same_term_key(term: str) -> str:
    """What makes two terms the same: normalised, each word without the article ال.

    The clitic rule treats the article as a clitic (``الغزو`` and ``غزو``
    find the same tokens), so they count as the same term.

    >>> same_term_key("الغزوَ") == same_term_key("غزو")
    True
    """
    words = normalize(term).split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) >= 4 else w for w in words)


def _first(ar):
    if isinstance(ar, list):
        ar = ar[0] if ar else None
    return str(ar) if isinstance(ar, str) else None


def _first_term(items):
    if isinstance(items, list) and items:
        entry = items[0]
        return _first(entry.get("ar") if isinstance(entry, dict) else entry)
    return None


# --------------------------------------------------------------------------
# Sources: bundled name, file, dict, table
# --------------------------------------------------------------------------

#: Bundled YAML files in data/lexicons/ that hold lexical-choice pairs, not frames.
CHOICE_FILES = ("choices",)


def _lexicon_dir() -> Path:
    from framing.corpus import _bundled_dir

    return _bundled_dir("data") / "lexicons"


def bundled_lexicons(kind: str = "frames") -> list[str]:
    """Names of the bundled lexicons (``kind="frames"``) or choice files (``"choices"``).

    >>> bundled_lexicons()
    ['seeds']
    >>> bundled_lexicons("choices")
    ['choices']
    """
    names = sorted(p.stem for p in _lexicon_dir().glob("*.yaml"))
    if kind == "choices":
        return [n for n in names if n in CHOICE_FILES]
    return [n for n in names if n not in CHOICE_FILES]


_NOUN = {"frames": "frame lexicon", "choices": "file of lexical-choice pairs"}


def resolve_source(source, kind: str, other_verb: str):
    """The path of a bundled name or of a YAML file; None for a dict or a table.

    ``kind`` is ``"frames"`` or ``"choices"``; ``other_verb`` says what to
    call when a bundled file of the other kind is named.
    """
    if isinstance(source, Path) or (isinstance(source, str) and (
            "/" in source or "\\" in source or source.lower().endswith((".yaml", ".yml")))):
        path = Path(source)
        if not path.is_file():
            raise LexiconError(f"{path}: no such file (a {_NOUN[kind]} in YAML was expected).")
        return path
    if not isinstance(source, str):
        return None
    names = bundled_lexicons(kind)
    if source in names:
        return _lexicon_dir() / f"{source}.yaml"
    other = "choices" if kind == "frames" else "frames"
    if source in bundled_lexicons(other):
        raise LexiconError(f"{source!r} is the bundled {_NOUN[other]}, not a {_NOUN[kind]}: use {other_verb}.")
    close = difflib.get_close_matches(source, names, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise LexiconError(
        f"{source!r} is neither a bundled {_NOUN[kind]} (those are: {', '.join(names)}) "
        f"nor the path of a .yaml file.{hint}"
    )


def table_to_raw(table, spec: _Spec, group_col: str, required: tuple, optional: tuple) -> dict:
    """Turn a tidy table (one row per Arabic variant) into the nested structure the checker reads.

    Each row is a term, or, when the table has a ``wording`` column, a
    variant of the wording it names.
    """
    import pandas as pd

    origin = f"{'lexicon' if spec.kind == 'lexicon' else 'choices'} DataFrame"
    columns = list(table.columns)
    allowed = required + optional
    for col in required:
        if col not in columns:
            raise LexiconError(
                f"{origin}: missing required column {col!r}. Its columns are: {', '.join(map(str, columns))}; "
                f"a {spec.kind} table has {', '.join(required)} (and optionally {', '.join(optional)})."
            )
    for col in columns:
        if col not in allowed:
            raise LexiconError(f"{origin}: unknown column {col!r}: "
                               + _did_you_mean(col, allowed).replace("keys", "columns"))

    def cell(value):
        return None if not isinstance(value, (list, tuple)) and pd.isna(value) else value

    groups: dict = {}
    for label, row in table.iterrows():
        where = f"row {label}"
        values = {c: cell(row[c]) for c in columns}
        gid, term = values.get(group_col), values.get("term")
        if gid is None or (isinstance(gid, str) and not gid.strip()):
            raise LexiconError(f"{origin}, {where}, term {term!r}: has no {group_col}; every term needs "
                               f"a {spec.group} (the {group_col!r} column).")
        if isinstance(term, str):
            term = _LocatedStr(term)
            term.where = where
        gid = str(gid).strip()
        if gid not in groups:
            group = _Located({"id": gid, "name": gid, spec.items_key: []})
            group.where = where
            groups[gid] = (group, {})
        group, entries = groups[gid]
        wording = values.get("wording")
        if wording is not None and wording in entries:
            entries[wording]["ar"].append(term)
            continue
        entry = _Located({"ar": [term], **{f: values[f] for f in ("gloss", "translit", "note") if f in values}})
        entry.where = where
        if wording is not None:
            entry["_wording"] = wording
            entries[wording] = entry
        group[spec.items_key].append(entry)
    return {spec.groups_key: [g for g, _ in groups.values()]}


def load_lexicon(source="seeds"):
    """Load and check a frame lexicon.

    Parameters
    ----------
    source : str, Path, dict, pandas.DataFrame or Lexicon, default "seeds"
        The name of a bundled lexicon (``"seeds"``, in ``data/lexicons/``;
        :func:`bundled_lexicons` lists them), the path of a YAML file, a
        dict with the same structure (see the module doc), or a tidy table
        with the columns ``frame`` and ``term`` (one Arabic variant per
        row) and optionally ``gloss``, ``translit``, ``note``.

    Returns
    -------
    Lexicon
        ``.frames`` (one row per frame: ``id``, ``name``, ``description``,
        ``policy_frame``, ``policy_note``, ``n_terms``) and ``.terms`` (one
        row per Arabic variant: ``frame``, ``term``, ``gloss``,
        ``translit``, ``note``): two ordinary DataFrames.

    Raises
    ------
    LexiconError
        Naming the file (and line), the frame and the term at fault; see
        the module doc for what is checked.

    Examples
    --------
    >>> lex = load_lexicon("seeds")
    >>> lex.frames.set_index("id").loc["sovereignty", "policy_frame"]
    'external regulation and reputation'
    >>> lex.terms[lex.terms.frame == "war_invasion"].term.tolist()
    ['غزو', 'احتلال', 'اجتياح']

    A lexicon written in a notebook (bare strings are terms without gloss):

    >>> mine = load_lexicon({"name": "mine", "frames": [
    ...     {"id": "invasion", "name": "War as invasion", "terms": ["غزو", "احتلال"]},
    ...     {"id": "operation", "name": "War as an operation", "terms": [
    ...         {"ar": "عملية عسكرية", "gloss": "military operation"}]}]})
    >>> mine.frames[["id", "n_terms"]]
              id  n_terms
    0   invasion        2
    1  operation        1
    >>> load_lexicon({"frames": [{"id": "invasion", "name": "War as invasion", "trems": ["غزو"]}]})
    Traceback (most recent call last):
    ...
    framing.lexicon.LexiconError: lexicon dict, frame 'invasion': unknown key 'trems' in a frame: did you mean 'terms'? ...
    """
    import pandas as pd

    if isinstance(source, Lexicon):
        # Checked again: its tables may have been edited since it was loaded (a term added
        # to two frames, a frame id that is not in .frames).
        raw, origin, default_name = _lexicon_to_raw(source), f"Lexicon {source.name!r} ({source.source})", source.name
        top, groups, items = _Checker(origin, LEXICON_SPEC).run(raw)
        return _built(top, groups, items, default_name, source.source)
    path = resolve_source(source, "frames", "framing.choices.choices(corpus)")
    if path is not None:
        raw, origin = _read_yaml(path), str(path)
        default_name = path.stem
    elif isinstance(source, pd.DataFrame):
        raw = table_to_raw(source, LEXICON_SPEC, "frame", ("frame", "term"), ("gloss", "translit", "note"))
        origin, default_name = "lexicon DataFrame", "table"
    elif isinstance(source, dict):
        raw, origin, default_name = source, "lexicon dict", "lexicon"
    else:
        raise LexiconError(
            f"The 'lexicon' parameter must be a bundled lexicon name ({', '.join(bundled_lexicons())}), the path "
            f"of a YAML file, a dict or a DataFrame with columns frame, term. Got {type(source).__name__} "
            f"{source!r:.40} instead."
        )
    top, groups, items = _Checker(origin, LEXICON_SPEC).run(raw)
    return _built(top, groups, items, default_name, origin if path is not None else origin.split()[-1])


def _lexicon_to_raw(lex: "Lexicon") -> dict:
    """A Lexicon's tables as the dict a YAML file gives (:meth:`Lexicon.to_dict`), for the checker.

    ``to_dict`` lists the terms under their frames, so a term whose frame is
    not in ``.frames`` would silently vanish: it is named here instead.
    """
    known = list(lex.frames["id"])
    stray = lex.terms[~lex.terms["frame"].isin(known)]
    if len(stray):
        row = stray.iloc[0]
        raise LexiconError(
            f"Lexicon {lex.name!r}: the term {row['term']!r} is in frame {row['frame']!r}, which is not one of "
            f"its frames ({', '.join(map(repr, sorted(known, key=str)))}): add the frame to .frames, or fix the "
            "term's frame."
        )
    return lex.to_dict()


def _built(top, groups, items, default_name, source_label) -> "Lexicon":
    import pandas as pd

    frames = pd.DataFrame(groups, columns=["id", "name", "description", "policy_frame", "policy_note", "n_terms"])
    frames["n_terms"] = frames["n_terms"].astype("int64")
    terms = pd.DataFrame(
        [{"frame": it["group"], "term": it["term"], "gloss": it["gloss"], "translit": it["translit"],
          "note": it["note"]} for it in items],
        columns=list(TABLE_COLUMNS),
    )
    return Lexicon(top["name"] or default_name, top["description"], frames, terms, source_label)
