"""read: a whole document to read, paragraphs numbered, the hits of a query or a lexicon marked.

A concordance line shows a hit in ten words; whose words they are (the
outlet's own voice, a quoted official, a headline, a caption) often needs
the whole paragraph, and the paragraphs around it. ``read`` shows the
document right to left, each paragraph with its number (the ``#n`` of
:func:`framing.paragraphs`), page furniture in grey, and every hit marked:
one colour for a query, a colour per frame for a lexicon. Its table of hits
(``.hits``) links each row to its place in the text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from framing.coding import paragraphs, unit_at
from framing.display import as_table
from framing.errors import FramingError
from framing.params import CORPUS, Boolean, Checked, Options, Text, Whole, validate_params

__all__ = ["Reading", "read"]

#: Colours of the frames, in the lexicon's order (colour-blind safe: Okabe and Ito 2008), then repeated.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
_counter = itertools.count(1)


@dataclass
class Reading:
    """A document to read, as :func:`read` made it.

    Attributes
    ----------
    doc_id : str
    paragraphs : DataFrame
        The document's paragraphs (:func:`framing.paragraphs`, furniture included).
    hits : DataFrame
        One row per hit: ``unit`` (the paragraph), ``frame`` (for a lexicon),
        ``term``, ``before``, ``match``, ``after``, ``start``, ``end``, ``anchor``
        (the id of its mark in the page).
    """

    doc_id: str
    title: str
    paragraphs: object
    hits: object
    colours: dict
    prefix: str

    def _marked(self, text: str, start: int, rows) -> str:
        out, pos = [], 0
        for row in rows:
            a, b = row["start"] - start, row["end"] - start
            if a < pos:  # an overlapping hit (two frames on one word): the first one marks it
                continue
            colour = self.colours.get(row.get("frame") or "", PALETTE[0])
            label = escape(str(row.get("frame") or row.get("term") or ""))
            out.append(escape(text[pos:a]))
            out.append(f'<mark id="{row["anchor"]}" title="{label}" style="background:{colour}66;'
                       f'border-bottom:2px solid {colour}">{escape(text[a:b])}</mark>')
            pos = b
        out.append(escape(text[pos:]))
        return "".join(out)

    def _repr_html_(self) -> str:
        hits = self.hits.to_dict("records")
        by_unit: dict = {}
        for row in hits:
            by_unit.setdefault(row["unit"], []).append(row)
        parts = ['<div lang="ar" dir="rtl" style="line-height:1.9;font-size:1.1em;max-width:48em">',
                 f'<p dir="ltr" style="font-size:0.9em"><b>{escape(self.doc_id)}</b> <bdi>{escape(self.title)}</bdi>:'
                 f" {len(self.paragraphs)} paragraphs, {len(hits)} hit(s)</p>"]
        if self.colours:
            keys = " ".join(f'<span style="background:{c}66;border-bottom:2px solid {c};padding:0 4px">'
                            f"{escape(f)}</span>" for f, c in self.colours.items()
                            if any(r.get("frame") == f for r in hits))
            parts.append(f'<p dir="ltr" style="font-size:0.85em">{keys}</p>')
        for para in self.paragraphs.to_dict("records"):
            style = "color:#888" if para["furniture"] else ""
            note = ' <small dir="ltr">(page furniture)</small>' if para["furniture"] else ""
            body = self._marked(para["text"], para["start"], by_unit.get(para["unit"], []))
            parts.append(f'<p id="{self.prefix}-{para["paragraph"]}" style="{style}">'
                         f'<small style="color:#888">{para["paragraph"]}</small> {body}{note}</p>')
        parts.append("</div>")
        if hits:
            rows = "".join(
                f'<tr><td><a href="#{r["anchor"]}">{escape(str(r["unit"]))}</a></td>'
                + (f'<td>{escape(str(r.get("frame", "")))}</td>' if self.colours else "")
                + f'<td dir="rtl">{escape(str(r["before"]))}</td><td dir="rtl"><b>{escape(str(r["match"]))}</b></td>'
                f'<td dir="rtl">{escape(str(r["after"]))}</td></tr>' for r in hits)
            head = "<th>paragraph</th>" + ("<th>frame</th>" if self.colours else "") + \
                "<th>before</th><th>match</th><th>after</th>"
            # right to left, so that the words before a match stand on its right, as in the text
            parts.append(f'<table dir="rtl"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
        return "".join(parts)

    def __repr__(self) -> str:
        return (f"Reading of {self.doc_id}: {len(self.paragraphs)} paragraphs, {len(self.hits)} hit(s) "
                "(show it in a notebook; .hits and .paragraphs are tables)")


@validate_params({
    "corpus": [CORPUS], "doc_id": [Text()], "query": [None, Text()], "lexicon": [None, Checked("load_lexicon")],
    "mode": [Options(("clitic", "exact", "regex"))], "window": [Whole(0)], "fold_taa": [Boolean()],
})
def read(corpus, doc_id: str, query: str | None = None, *, lexicon=None, mode: str = "clitic", window: int = 5,
         fold_taa: bool = False) -> Reading:
    """Show one whole document, paragraphs numbered, the hits of a query (or of a lexicon's frames) marked.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    doc_id : str
        The document to read.
    query : str, optional
        Mark its hits, as :func:`framing.kwic` finds them.
    lexicon : str, path or Lexicon, optional
        Mark the hits of every frame (:func:`framing.frame_hits`), a colour per
        frame. Give ``query`` or ``lexicon``, or neither (the text alone).
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How the query or the terms match.
    window : int, default 5
        Words before and after each hit in the ``.hits`` table.
    fold_taa : bool, default False
        As in :func:`framing.kwic` (for ``query``).

    Returns
    -------
    Reading
        Shown in a notebook as the text right to left, furniture in grey, the
        hits marked, and below it the hits, each linked to its place.

    Examples
    --------
    >>> import framing
    >>> r = framing.read(framing.load_corpus(), "reuters_2023", "غزو")
    >>> r.hits[["unit", "match"]].head(3)
                 unit  match
    0  reuters_2023#1  للغزو
    1  reuters_2023#2  الغزو
    2  reuters_2023#3  الغزو
    """
    import pandas as pd

    if doc_id not in set(corpus["doc_id"]):
        import difflib

        close = difflib.get_close_matches(doc_id, list(map(str, corpus["doc_id"])), n=1)
        raise FramingError(f"read(): no document {doc_id!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                           + f". The documents: {', '.join(map(str, corpus['doc_id']))}.")
    if query is not None and lexicon is not None:
        raise FramingError("read(): give a query or a lexicon, not both.")
    one = corpus[corpus["doc_id"] == doc_id]
    paras = paragraphs(one, furniture=True)
    colours: dict = {}
    if query is not None:
        from framing.kwic import kwic

        hits = kwic(one, query, window=window, mode=mode, furniture=True, fold_taa=fold_taa)
        hits = pd.DataFrame(hits).assign(term=query)
    elif lexicon is not None:
        from framing.frames import frame_hits
        from framing.lexicon import load_lexicon

        lex = load_lexicon(lexicon) if isinstance(lexicon, str) else lexicon
        colours = {f: PALETTE[i % len(PALETTE)] for i, f in enumerate(lex.frames["id"])}
        hits = pd.DataFrame(frame_hits(one, lex, mode=mode, furniture=True, window=window))
    else:
        hits = pd.DataFrame(columns=["before", "match", "after", "start", "end", "term"])
    hits = hits.sort_values("start", kind="stable").reset_index(drop=True)
    hits["unit"] = unit_at(paras, [doc_id] * len(hits), hits["start"])
    prefix = f"read{next(_counter)}-{doc_id}"
    hits["anchor"] = [f"{prefix}-hit{i + 1}" for i in range(len(hits))]
    columns = ["unit", *(["frame"] if colours else []), "term", "before", "match", "after", "start", "end", "anchor"]
    title = str(one["title"].iloc[0]) if "title" in one.columns and pd.notna(one["title"].iloc[0]) else ""
    return Reading(doc_id=doc_id, title=title, paragraphs=as_table(paras.reset_index(drop=True)),
                   hits=as_table(hits[columns]), colours=colours, prefix=prefix)
