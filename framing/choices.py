"""Lexical choices: which of two or more wordings for the same thing each outlet uses.

The pairs are data (``data/lexicons/choices.yaml``, or your own file or
dict)::

    pairs:
      - id: war_2003
        name: The 2003 war
        wordings:
          - ar: غزو                    # one spelling, or a list of variants
            gloss: invasion
            translit: ghazw
          - ar: عملية عسكرية
            gloss: military operation

A "pair" may have more than two wordings. Each spelling is a query for
:func:`framing.kwic`, matched the same way (clitic-aware by default), so
that every count of :func:`choices` is a set of lines of
:func:`choice_hits`. Within a pair, overlapping matches count once, the
longest winning (``تنظيم الدولة الإسلامية`` is not also a hit of
``الدولة الإسلامية``).

``هجوم`` and the pronoun suffix
-------------------------------
The clitic rule strips prefixes (و ف ب ك ل ال) and a tanween alef, never a
pronoun suffix: ``هجوم`` does not find ``هجومها`` (its offensive), and
only ``هجوم*`` would. The bundled ``war_2003`` pair lists ``هجومها``
itself, the form AFP French uses for the 2003 offensive, and not bare
``هجوم`` or ``هجوم*``: bare ``هجوم`` is also "attack", and the seeds' one
bare ``هجوم`` (Al-Monitor's ``لهجوم مميت``) is a militia drone attack in
2024, not the 2003 war.
"""

from __future__ import annotations

import difflib

from framing.display import as_table
from framing.errors import LexiconError, QueryError
from framing.groups import BY, group_labels
from framing.index import corpus_index
from framing.lexfile import Checker, Spec, read_yaml, resolve_source, table_to_raw
from framing.match import MODES
from framing.params import CORPUS, Boolean, Checked, Options, Text, Whole, validate_params
from framing.search import hits_table, match_terms

__all__ = ["choices", "choice_hits", "load_choices", "CHOICES_KEYS", "PAIR_KEYS", "BY"]

#: Keys allowed at the top of a choices file.
CHOICES_KEYS = ("name", "description", "pairs")
#: Keys allowed in a pair.
PAIR_KEYS = ("id", "name", "description", "wordings")
#: Columns of a tidy choices table (``pair`` and ``term`` are required).
CHOICES_COLUMNS = ("pair", "wording", "term", "gloss", "translit", "note")

CHOICES_SPEC = Spec(
    kind="file of lexical-choice pairs",
    top_keys=CHOICES_KEYS,
    groups_key="pairs",
    group="pair",
    group_keys=PAIR_KEYS,
    items_key="wordings",
    item="wording",
    min_items=2,
    same_term_scope="group",
    example_id="war_2003",
    example_name="The 2003 war",
)


@validate_params({"source": [Checked("load_choices")]})
def load_choices(source="choices"):
    """Load and check lexical-choice pairs.

    Parameters
    ----------
    source : str, Path, dict or pandas.DataFrame, default "choices"
        ``"choices"`` (the bundled ``data/lexicons/choices.yaml``), the path
        of a YAML file, a dict with the same structure (see the module
        doc), or a tidy table with the columns ``pair`` and ``term`` and
        optionally ``wording`` (rows with the same wording are its
        variants), ``gloss``, ``translit``, ``note``.

    Returns
    -------
    pandas.DataFrame
        One row per Arabic variant: ``pair``, ``wording`` (the wording's
        first spelling, the label every table uses), ``term``, ``gloss``,
        ``translit``, ``note``. ``.attrs["pair_names"]`` maps each pair's
        id to its English name.

    Raises
    ------
    framing.errors.LexiconError
        Naming the file (and line), the pair and the term at fault: the
        checks of :func:`framing.lexicon.load_lexicon`, plus a pair with
        fewer than two wordings and the same term in two wordings of one
        pair.

    Examples
    --------
    >>> table = load_choices()
    >>> table[table.pair == "war_2003"][["wording", "term", "gloss"]]
            wording          term                           gloss
    0           غزو           غزو                        invasion
    1  عملية عسكرية  عملية عسكرية              military operation
    2        هجومها        هجومها  its offensive (the US forces')
    3        احتلال        احتلال                      occupation
    >>> load_choices({"pairs": [{"id": "war", "name": "The war", "wordings": [{"ar": "غزو"}]}]})
    Traceback (most recent call last):
    ...
    framing.errors.LexiconError: choices dict, pair 'war': has 1 wording; a pair needs 2 or more to compare.
    """
    import pandas as pd

    path = resolve_source(source, "choices", "framing.frame_counts(corpus, lexicon=...)")
    if path is not None:
        raw, origin = read_yaml(path), str(path)
    elif isinstance(source, pd.DataFrame):
        raw = table_to_raw(source, CHOICES_SPEC, "pair", ("pair", "term"), ("wording", "gloss", "translit", "note"))
        origin = "choices DataFrame"
    elif isinstance(source, dict):
        raw, origin = source, "choices dict"
    else:
        raise LexiconError(
            f"The 'source' parameter must be 'choices' (the bundled pairs), the path of a YAML file, a dict "
            f"or a DataFrame with columns pair, term. Got {type(source).__name__} {source!r:.40} instead."
        )
    _top, groups, items = Checker(origin, CHOICES_SPEC).run(raw)
    table = pd.DataFrame(
        [{"pair": it["group"], "wording": it["label"], "term": it["term"], "gloss": it["gloss"],
          "translit": it["translit"], "note": it["note"]} for it in items],
        columns=list(CHOICES_COLUMNS),
    )
    table.attrs["pair_names"] = {g["id"]: g["name"] for g in groups}
    return as_table(table)


def _select(table, pair) -> list[str]:
    names = list(dict.fromkeys(table["pair"]))
    if pair is None:
        return names
    wanted = [pair] if isinstance(pair, str) else list(pair) if isinstance(pair, (list, tuple)) else None
    if not wanted:
        raise QueryError(
            f"The 'pair' parameter must be one of {', '.join(map(repr, names))}, a list of them, or None "
            f"for all. Got {pair!r} instead."
        )
    for p in wanted:
        if p not in names:
            close = difflib.get_close_matches(str(p), names, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise QueryError(
                f"The 'pair' parameter must be one of {', '.join(map(repr, names))}, a list of them, or None "
                f"for all. Got {p!r} instead.{hint}"
            )
    return list(dict.fromkeys(wanted))


def _hits(corpus, pair, mode, furniture, source, verb):
    table = load_choices(source)
    pairs = _select(table, pair)
    chosen = table[table["pair"].isin(pairs)]
    idx = corpus_index(corpus, furniture=furniture)
    entries = list(chosen[["pair", "term"]].itertuples(index=False, name=None))
    wording = {(p, t): w for p, t, w in chosen[["pair", "term", "wording"]].itertuples(index=False, name=None)}
    return chosen, pairs, idx, match_terms(idx, entries, mode, "choices file"), wording


@validate_params({
    "corpus": [CORPUS], "pair": [None, Checked("the pairs of the choices file")], "mode": [Options(MODES)],
    "furniture": [Boolean()], "window": [Whole(0)], "source": [Checked("load_choices")],
})
def choice_hits(corpus, pair=None, *, mode: str = "clitic", furniture: bool = False, window: int = 5,
                source="choices"):
    """Every hit of every wording of the pairs, in context: the lines behind :func:`choices`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    pair : str, list of str or None, default None
        The pair(s) to search (``"war_2003"``); ``None`` for all.
    mode : {"clitic", "exact", "regex"}, default "clitic"
    furniture : bool, default False
        Also search page furniture, credit lines and captions.
    window : int, default 5
        Tokens of context on each side.
    source : str, Path, dict or pandas.DataFrame, default "choices"
        The pairs (see :func:`load_choices`).

    Returns
    -------
    Concordance (a pandas.DataFrame)
        One row per hit, in document order: ``doc_id``, ``outlet``,
        ``event``, ``pair``, ``wording``, ``term`` (the spelling that
        matched), ``before``, ``match``, ``after``, ``start``, ``end``.

    Examples
    --------
    >>> import framing
    >>> from framing.choices import choice_hits
    >>> hits = choice_hits(framing.load_corpus(), "war_2003", window=2)
    >>> hits[["outlet", "wording", "term", "match"]]
           outlet       wording          term         match
    0  AFP-French           غزو           غزو         الغزو
    1  AFP-French        هجومها        هجومها        هجومها
    2  AFP-French           غزو           غزو         الغزو
    3  AFP-Arabic           غزو           غزو         للغزو
    4  AFP-Arabic  عملية عسكرية  عملية عسكرية  عملية عسكرية
    5     Reuters           غزو           غزو         للغزو
    6     Reuters           غزو           غزو         الغزو
    7     Reuters           غزو           غزو         الغزو
    8     Reuters           غزو           غزو         الغزو
    9     Reuters           غزو           غزو           غزو
    """
    _chosen, _pairs, idx, hits, wording = _hits(corpus, pair, mode, furniture, source, "choice_hits")
    return hits_table(
        idx, hits, window, ["pair", "wording", "term"],
        lambda p, t: {"pair": p, "wording": wording[(p, t)], "term": t},
        "lexical choices",
    )


@validate_params({
    "corpus": [CORPUS], "pair": [None, Checked("the pairs of the choices file")], "by": [Text()],
    "mode": [Options(MODES)], "furniture": [Boolean()], "source": [Checked("load_choices")],
})
def choices(corpus, pair=None, *, by: str = "outlet", mode: str = "clitic", furniture: bool = False,
            source="choices"):
    """How often each group (outlet, event, document) uses each wording of a pair, and its share.

    For group ``g``, pair ``p`` and wording ``w``::

        n      = rows of choice_hits(corpus, p) for w in g
        share  = n / (n of all the wordings of p in g)

    ``share`` is empty (NaN) where ``g`` uses no wording of ``p``: there
    is no choice to share out.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    pair : str, list of str or None, default None
        The pair(s) to count (``"war_2003"``); ``None`` for all of them.
    by : str, default "outlet"
        The groups: ``"outlet"``, ``"event"`` or any other metadata column;
        ``"doc"`` gives one per document (``doc_id``, ``outlet``, ``event``
        columns).
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How each spelling is matched (:mod:`framing.match`).
    furniture : bool, default False
        Also count page furniture, credit lines and captions.
    source : str, Path, dict or pandas.DataFrame, default "choices"
        The pairs: the bundled ones, or yours (see :func:`load_choices`).

    Returns
    -------
    pandas.DataFrame
        One row per pair, group and wording (every wording, used or not),
        pairs and wordings in file order, groups in corpus order:
        ``pair``, the group column(s), ``wording``, ``gloss``, ``n``,
        ``share``.

    Examples
    --------
    >>> import framing
    >>> from framing.choices import choices
    >>> corpus = framing.load_corpus()
    >>> war = choices(corpus, "war_2003")
    >>> war[war.n > 0][["outlet", "wording", "gloss", "n", "share"]].round(2)
           outlet       wording                           gloss  n  share
    0  AFP-French           غزو                        invasion  2   0.67
    2  AFP-French        هجومها  its offensive (the US forces')  1   0.33
    4  AFP-Arabic           غزو                        invasion  1   0.50
    5  AFP-Arabic  عملية عسكرية              military operation  1   0.50
    8     Reuters           غزو                        invasion  5   1.00

    The 2003 war is an invasion in all three texts on the 2003 anniversary;
    AFP Arabic alone also calls it a military operation, once.

    >>> choices(corpus, "is_name", by="event").pivot(index="event", columns="wording", values="n")
    wording            تنظيم الدولة الإسلامية  داعش
    event
    austin_visit_2023                       9     1
    troops_dialogue                         2     2
    """
    import numpy as np
    import pandas as pd

    cols, labels = group_labels(corpus, by, "choices")
    chosen, pairs, _idx, hits, wording = _hits(corpus, pair, mode, furniture, source, "choices")
    counts: dict = {}
    for d, _t, _n, p, term in hits:
        key = (p, labels[d], wording[(p, term)])
        counts[key] = counts.get(key, 0) + 1
    groups = list(dict.fromkeys(labels))
    wordings = chosen.drop_duplicates(["pair", "wording"])
    rows = []
    for p in pairs:
        these = wordings[wordings["pair"] == p]
        for g in groups:
            ns = [counts.get((p, g, w), 0) for w in these["wording"]]
            total = sum(ns)
            for (w, gloss), n in zip(these[["wording", "gloss"]].itertuples(index=False, name=None), ns):
                rows.append({"pair": p, **dict(zip(cols, g)), "wording": w, "gloss": gloss, "n": n,
                             "share": n / total if total else np.nan})
    return as_table(pd.DataFrame(rows, columns=["pair", *cols, "wording", "gloss", "n", "share"]))
