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

from framing.display import as_table
from framing.errors import LexiconError
from framing.lexfile import (
    POLICY_FRAMES,
    TERM_KEYS,
    Checker,
    Spec,
    bundled_lexicons,
    read_yaml,
    resolve_source,
    table_to_raw,
)
from framing.params import Checked, validate_params

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

#: Keys allowed at the top of a lexicon.
LEXICON_KEYS = ("name", "description", "frames")
#: Keys allowed in a frame.
FRAME_KEYS = ("id", "name", "description", "policy_frame", "policy_note", "terms")
#: Columns of a tidy lexicon table (``frame`` and ``term`` are required).
TABLE_COLUMNS = ("frame", "term", "gloss", "translit", "note")

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


LEXICON_SPEC = Spec(
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


@validate_params({"source": [Checked("load_lexicon")]})
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
    framing.errors.LexiconError: lexicon dict, frame 'invasion': unknown key 'trems' in a frame: did you mean 'terms'? ...
    """
    import pandas as pd

    if isinstance(source, Lexicon):
        # Checked again: its tables may have been edited since it was loaded (a term added
        # to two frames, a frame id that is not in .frames).
        raw, origin, default_name = _lexicon_to_raw(source), f"Lexicon {source.name!r} ({source.source})", source.name
        top, groups, items = Checker(origin, LEXICON_SPEC).run(raw)
        return _built(top, groups, items, default_name, source.source)
    path = resolve_source(source, "frames", "framing.choices(corpus)")
    if path is not None:
        raw, origin = read_yaml(path), str(path)
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
    top, groups, items = Checker(origin, LEXICON_SPEC).run(raw)
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
