"""validate_lexicon: how well a lexicon finds what people coded, frame by frame.

For every paragraph that was coded by hand, two answers to "is frame F in this
paragraph?": the coder's, and the lexicon's (at least one of F's terms is
found in it, as :func:`framing.frame_hits` finds them). Counting the four
cases gives, per frame:

* ``precision = tp / (tp + fp)``: of the paragraphs the lexicon flags, the share
  the coder also saw the frame in. Low precision: the terms are used in other
  senses, or in other voices (a quotation the outlet reports);
* ``recall = tp / (tp + fn)``: of the paragraphs the coder saw the frame in, the
  share the lexicon flags. Low recall: the frame is worded in ways the lexicon
  does not list;
* ``f1``, their harmonic mean.

Every false hit comes with its KWIC line and every miss with its paragraph, to
read: that is where the lexicon gets revised. Figures on a few dozen paragraphs
are rough: one paragraph more or less moves them by several points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framing.agreement import read_coders
from framing.coding import PRIMARY, paragraphs, unit_at
from framing.display import as_table
from framing.errors import FramingError
from framing.params import CORPUS, Boolean, Checked, Options, Text, validate_params

__all__ = ["Validation", "validate_lexicon"]

SCORE_COLUMNS = ["frame", "units", "coded", "found", "tp", "fp", "fn", "tn", "precision", "recall", "f1"]


@dataclass
class Validation:
    """What :func:`validate_lexicon` found: four tables to read, in this order.

    Attributes
    ----------
    scores : DataFrame
        Per frame: ``units`` coded, ``coded`` (units the coder saw the frame in),
        ``found`` (units the lexicon flags), ``tp``, ``fp``, ``fn``, ``tn``,
        ``precision``, ``recall``, ``f1`` (NaN where the ratio has nothing to count).
    false_hits : DataFrame
        The lexicon's hits in units the coder did not see the frame in: the
        KWIC line, its unit and its frame.
    misses : DataFrame
        Units the coder saw a frame in, where the lexicon found none of its
        terms: the unit, the frame and the paragraph's text.
    coverage : DataFrame
        Per term of the lexicon: its frame, its hits in the whole corpus, the
        documents they are in, and a ``note``: no hit at all, or all hits in
        one document.
    frames : DataFrame
        The same per frame: a frame whose hits all come from one document
        rests on one text, and says little about outlets.
    """

    scores: object
    false_hits: object
    misses: object
    coverage: object
    frames: object = None
    coder: str = ""
    notes: list = field(default_factory=list)

    def _repr_html_(self) -> str:
        from html import escape

        head = (f"<p><b>Lexicon against the codes of {escape(self.coder)}</b>: "
                f"{len(self.false_hits)} false hit(s) and {len(self.misses)} miss(es) to read "
                "(<code>.false_hits</code>, <code>.misses</code>); terms and frames: <code>.coverage</code>, "
                "<code>.frames</code>.</p>")
        notes = "".join(f"<p>{escape(n)}</p>" for n in self.notes)
        scores = self.scores._repr_html_() if hasattr(self.scores, "_repr_html_") else escape(str(self.scores))
        return head + notes + scores

    def __repr__(self) -> str:
        return (f"Validation against {self.coder}: {len(self.false_hits)} false hit(s), {len(self.misses)} "
                f"miss(es)\n{self.scores.to_string(index=False)}")


def _truth(codes, coder):
    """``{(unit, frame): bool}`` of one coder, or of the units every coder agrees on (coder="agreed")."""
    tidy = read_coders(codes, "validate_lexicon")
    tidy = tidy[tidy.frame != PRIMARY]
    if tidy.empty:
        raise FramingError("validate_lexicon(): the codes have no frame coded yet.")
    coders = sorted(set(tidy.coder))
    if coder is None:
        if len(coders) > 1:
            raise FramingError(f"validate_lexicon(): the codes have several coders ({', '.join(coders)}): say "
                               "whose codes to score against (coder='amal'), or coder='agreed' for the units "
                               "every coder coded the same.")
        coder = coders[0]
    if coder == "agreed":
        if len(coders) < 2:
            raise FramingError(f"validate_lexicon(coder='agreed'): the codes have one coder ({coders[0]}); 'agreed' "
                               "keeps what two coders or more coded the same. Give a list of two coders' codes.")
        pivot = tidy.astype({"present": object}).pivot(index=["unit", "frame"], columns="coder", values="present")
        same = pivot[(pivot.notna().sum(axis=1) >= 2) & (pivot.nunique(axis=1) == 1)]
        return {key: bool(row.dropna().iloc[0]) for key, row in same.iterrows()}, "the agreed codes"
    if coder not in coders:
        raise FramingError(f"validate_lexicon(): no coder {coder!r} in the codes (its coders: {', '.join(coders)}).")
    mine = tidy[tidy.coder == coder]
    return {(u, f): bool(p) for u, f, p in zip(mine.unit, mine.frame, mine.present)}, coder


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


@validate_params({
    "corpus": [CORPUS], "lexicon": [Checked("load_lexicon")], "codes": [Checked("read_codes")],
    "coder": [None, Text()], "mode": [Options(("clitic", "exact", "regex"))], "furniture": [Boolean()],
})
def validate_lexicon(corpus, lexicon="seeds", codes=None, *, coder: str | None = None, mode: str = "clitic",
                     furniture: bool = False) -> Validation:
    """Score a lexicon against hand codes: precision, recall and F1 per frame, with what it got wrong.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`: the corpus the codes' units are paragraphs of.
    lexicon : str, path or Lexicon, default "seeds"
        The lexicon to score.
    codes : pandas.DataFrame, path, or a list of them
        Hand codes (:func:`framing.read_codes` takes them; a list, one per
        coder): every frame coded must be a frame of the lexicon.
    coder : str, optional
        Whose codes are the reference, when there are several; ``"agreed"``
        keeps the units and frames every coder coded the same.
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How the terms match, as in :func:`framing.frame_hits`.
    furniture : bool, default False
        Count hits in page furniture too.

    Returns
    -------
    Validation
        ``.scores``, ``.false_hits``, ``.misses``, ``.coverage`` (DataFrames); in
        a notebook it shows the scores.

    Examples
    --------
    A coder reads two Reuters paragraphs: the 2nd calls the war an invasion
    (الغزو, "the invasion"), the 5th (Austin on the partnership) does not.

    >>> import framing, pandas as pd
    >>> codes = pd.DataFrame({"unit": ["reuters_2023#2", "reuters_2023#5"], "coder": "amal",
    ...                       "war_invasion": [1, 0]})
    >>> v = framing.validate_lexicon(framing.load_corpus(), "seeds", codes)
    >>> v.scores[["frame", "units", "tp", "fp", "fn", "precision", "recall"]]
              frame  units  tp  fp  fn  precision  recall
    0  war_invasion      2   1   0   0        1.0     1.0
    """
    import pandas as pd

    from framing.frames import frame_hits
    from framing.lexicon import load_lexicon

    if codes is None:
        raise FramingError("validate_lexicon(): give the hand codes (codes=...): a filled coding_sheet(), or its "
                           "CSV.")
    lex = load_lexicon(lexicon) if isinstance(lexicon, str) else lexicon
    truth, who = _truth(codes, coder)
    frame_ids = list(lex.frames["id"])
    wrong = sorted({f for _, f in truth} - set(frame_ids))
    if wrong:
        raise FramingError(f"validate_lexicon(): the codes have frames the lexicon {lex.name!r} does not: "
                           f"{', '.join(wrong)}.")
    units = paragraphs(corpus, furniture=True).set_index("unit")
    unknown = sorted({u for u, _ in truth} - set(units.index))
    if unknown:
        raise FramingError(f"validate_lexicon(): units not in this corpus: {', '.join(unknown[:5])}"
                           + (" ..." if len(unknown) > 5 else "") + " (were the codes made on another corpus?)")
    hits = frame_hits(corpus, lex, mode=mode, furniture=furniture)
    hit_units = unit_at(units.reset_index(), hits["doc_id"], hits["start"])  # the paragraph each hit starts in
    hits = hits.assign(unit=hit_units)
    found = set(zip(hit_units, hits["frame"].tolist()))
    rows, false_rows, misses = [], [], []
    coded_frames = [f for f in frame_ids if any(f == fr for _, fr in truth)]
    for frame in coded_frames:
        keys = [(u, f) for (u, f) in truth if f == frame]
        tp = sum(1 for k in keys if truth[k] and k in found)
        fp = sum(1 for k in keys if not truth[k] and k in found)
        fn = sum(1 for k in keys if truth[k] and k not in found)
        tn = len(keys) - tp - fp - fn
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * precision * recall, precision + recall) if tp else (0.0 if fp + fn else float("nan"))
        rows.append({"frame": frame, "units": len(keys), "coded": tp + fn, "found": tp + fp, "tp": tp, "fp": fp,
                     "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1})
        for unit, _ in keys:
            if not truth[unit, frame] and (unit, frame) in found:
                false_rows.append((unit, frame))
            if truth[unit, frame] and (unit, frame) not in found:
                misses.append({"unit": unit, "frame": frame, "text": units.loc[unit, "text"]})
    hit_cols = ["unit", "frame", "term", "doc_id", "outlet", "before", "match", "after"]
    wrong = set(false_rows)
    false_hits = hits[[key in wrong for key in zip(hit_units, hits["frame"].tolist())]][hit_cols].reset_index(
        drop=True)
    coverage = []
    docs_of: dict = {}
    count_of: dict = {}
    for frame, term, doc_id in zip(hits["frame"].tolist(), hits["term"].tolist(), hits["doc_id"].tolist()):
        docs_of.setdefault((frame, term), set()).add(doc_id)
        count_of[frame, term] = count_of.get((frame, term), 0) + 1
    terms = lex.terms
    for frame, term in zip(terms["frame"], terms["term"]):
        docs = sorted(docs_of.get((frame, term), ()))
        note = "no hit in this corpus" if not docs else ("all hits in one document" if len(docs) == 1 else "")
        coverage.append({"frame": frame, "term": term, "hits": count_of.get((frame, term), 0),
                         "documents": len(docs), "in": ", ".join(docs[:10]) + (" ..." if len(docs) > 10 else ""),
                         "note": note})
    per_frame = []
    for frame in frame_ids:
        docs = sorted(set().union(*[d for (f, _), d in docs_of.items() if f == frame]))
        hits_n = sum(n for (f, _), n in count_of.items() if f == frame)
        note = "no hit in this corpus" if not docs else ("rests on one document" if len(docs) == 1 else "")
        per_frame.append({"frame": frame, "hits": hits_n, "documents": len(docs),
                          "in": ", ".join(docs[:10]) + (" ..." if len(docs) > 10 else ""), "note": note})
    notes = []
    if len({u for u, _ in truth}) < 50:
        notes.append(f"{len({u for u, _ in truth})} coded paragraphs: rough figures (one paragraph more or less "
                     "moves them by several points).")
    return Validation(scores=as_table(pd.DataFrame(rows, columns=SCORE_COLUMNS)), false_hits=as_table(false_hits),
                      misses=as_table(pd.DataFrame(misses, columns=["unit", "frame", "text"])),
                      coverage=as_table(pd.DataFrame(coverage, columns=["frame", "term", "hits", "documents", "in",
                                                                        "note"])),
                      frames=as_table(pd.DataFrame(per_frame, columns=["frame", "hits", "documents", "in", "note"])),
                      coder=who, notes=notes)
