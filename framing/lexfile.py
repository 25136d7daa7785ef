"""Reading and checking the files behind lexicons and lexical-choice pairs (internal).

Both are two-level files (groups of Arabic terms): a frame lexicon
(:mod:`framing.lexicon`) and a file of lexical-choice pairs
(:mod:`framing.choices`). This module reads them from YAML with line numbers,
from a dict or from a tidy table, and checks them with one :class:`Checker`
described by a :class:`Spec`, so that every message names the file, line,
group and term at fault.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.bundled import bundled_dir
from framing.errors import CorpusError, LexiconError
from framing.normalize import is_arabic, normalize, strip_article
from framing.readers import read_text

__all__ = [
    "Checker", "Spec", "POLICY_FRAMES", "TERM_KEYS", "CHOICE_FILES", "bundled_lexicons", "did_you_mean", "lexicon_dir",
    "read_yaml", "resolve_source", "same_term_key", "table_to_raw",
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
#: Keys allowed in a term (of a lexicon) or a wording (of a choice pair).
TERM_KEYS = ("ar", "gloss", "translit", "note")

_HINTS = {
    "sovereignty": "the codebook has no 'sovereignty' dimension: use 'external regulation and reputation' "
    "(sovereignty against other states) or 'political' (who governs), and say why in policy_note.",
}



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


def read_yaml(path: Path):
    import yaml

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
class Spec:
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

def did_you_mean(key, allowed) -> str:
    close = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.6)
    listed = ", ".join(allowed)
    if close:
        return f"did you mean {close[0]!r}? Allowed keys: {listed}."
    return f"allowed keys: {listed}."


class Checker:
    """Walks a raw lexicon (dict from YAML, from a notebook or from a table) and checks it."""

    def __init__(self, origin: str, spec: Spec):
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
                self.fail(f"unknown key {str(key)!r} in {what}: {did_you_mean(key, allowed)}",
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
            fix = f"write id: '{gid}'" if not isinstance(gid, (list, dict)) else f"write one short id, such as id: {spec.example_id}"
            self.fail(f"the id must be text, got {_kind(gid)} {gid!r}: {fix}.", where, f"{n}")
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
            # How the term is searched depends on the mode it is used in: framing.search.match_terms
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
    return " ".join(strip_article(w) for w in normalize(term).split())


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


def lexicon_dir() -> Path:
    """The folder of the bundled lexicons (``data/lexicons/``)."""
    return bundled_dir("data") / "lexicons"


def bundled_lexicons(kind: str = "frames") -> list[str]:
    """Names of the bundled lexicons (``kind="frames"``) or choice files (``"choices"``).

    >>> bundled_lexicons()
    ['seeds']
    >>> bundled_lexicons("choices")
    ['choices']
    """
    names = sorted(p.stem for p in lexicon_dir().glob("*.yaml"))
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
        return lexicon_dir() / f"{source}.yaml"
    other = "choices" if kind == "frames" else "frames"
    if source in bundled_lexicons(other):
        raise LexiconError(f"{source!r} is the bundled {_NOUN[other]}, not a {_NOUN[kind]}: use {other_verb}.")
    close = difflib.get_close_matches(source, names, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise LexiconError(
        f"{source!r} is neither a bundled {_NOUN[kind]} (those are: {', '.join(names)}) "
        f"nor the path of a .yaml file.{hint}"
    )


def table_to_raw(table, spec: Spec, group_col: str, required: tuple, optional: tuple) -> dict:
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
                               + did_you_mean(col, allowed).replace("keys", "columns"))

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
