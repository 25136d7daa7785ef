"""parallel: two versions of one story side by side, paragraph by paragraph, with the words only one uses.

The seeds hold the case: AFP's French report of the Austin visit, put into
Arabic by a translation engine (``afp_fr_2023``), and AFP's own Arabic report
of the same visit (``afp_ar_2023``). Set side by side, the words only one
version uses separate the engine's choices from the newsroom's.

Paragraphs are aligned **by what they say, not by their place**: each pair's
similarity is the cosine of the TF-IDF profiles of their terms (the terms of
:func:`framing.terms`: normalised, the article off, stopwords out), and the
pairs are the one-to-one matching of largest total similarity (the
assignment problem, solved by SciPy's ``linear_sum_assignment``), each pair
above ``min_similarity``. So a paragraph that one version moved (AFP Arabic
tells the prime minister's election near its end, the translation of the
French report in its middle) is still paired. A paragraph with no
counterpart that similar stands on its own row. Rows follow the first text's
order; the second text's lone paragraphs come after the pair before them in
their own text.
"""

from __future__ import annotations

from framing.coding import paragraphs
from framing.display import as_table
from framing.errors import FramingError
from framing.params import CORPUS, Boolean, Number, Text, validate_params
from framing.stopwords import stopwords as stop_list
from framing.terms import counted, term
from framing.normalize import normalize
from framing.tokenizer import TOKEN_PATTERN

__all__ = ["parallel", "COLUMNS"]

COLUMNS = ["a_unit", "a_text", "b_unit", "b_text", "similarity", "only_a", "only_b"]


def _terms(text: str, drop) -> list[str]:
    out = []
    for tok in TOKEN_PATTERN.findall(text):
        norm = normalize(tok)
        if counted(norm, drop, False):
            out.append(term(norm))
    return out


def _align(sim, threshold: float) -> list[tuple[int | None, int | None]]:
    """One-to-one pairs of largest total similarity (above ``threshold``), in the first text's order.

    A paragraph of the second text with no pair is placed after the row of the
    paired paragraph that comes before it in its own text.
    """
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(sim, maximize=True)
    match = {int(i): int(j) for i, j in zip(rows, cols) if sim[i, j] > threshold}
    out: list = [(i, match.get(i)) for i in range(sim.shape[0])]
    paired_b = sorted(match.values())
    for j in range(sim.shape[1]):
        if j in match.values():
            continue
        before = [b for b in paired_b if b < j]
        if before:
            at = next(k for k, (_, b) in enumerate(out) if b == before[-1]) + 1
            while at < len(out) and out[at][0] is None and out[at][1] is not None and out[at][1] < j:
                at += 1  # after the lone paragraphs of the second text already placed there
        else:
            at = 0
            while at < len(out) and out[at][0] is None:
                at += 1
        out.insert(at, (None, j))
    return out


@validate_params({
    "corpus": [CORPUS], "doc_a": [Text()], "doc_b": [Text()],
    "min_similarity": [Number(0, 1, text="a number from 0 to 1")], "furniture": [Boolean()],
})
def parallel(corpus, doc_a: str, doc_b: str, *, min_similarity: float = 0.2, furniture: bool = False):
    """Two documents side by side, paragraph by paragraph, aligned by what they say, with the words only one uses.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    doc_a, doc_b : str
        The two documents (``doc_id``), for example two versions of one story.
    min_similarity : float, default 0.2
        Pair two paragraphs only when the cosine of their TF-IDF profiles is
        above this; 0 pairs as many as the order allows.
    furniture : bool, default False
        Include paragraphs of page furniture.

    Returns
    -------
    Table (a pandas.DataFrame)
        One row per pair (or per paragraph left alone), in both texts' order:
        ``a_unit``, ``a_text``, ``b_unit``, ``b_text`` (empty where a paragraph
        has no counterpart), ``similarity``, ``only_a`` and ``only_b`` (the terms
        that pair's paragraph of one text uses and the other's does not).

    Examples
    --------
    >>> import framing
    >>> side = framing.parallel(framing.load_corpus(), "afp_fr_2023", "afp_ar_2023")
    >>> side[side.a_unit == "afp_fr_2023#1"][["b_unit", "similarity"]]   # the two leads
              b_unit  similarity
    1  afp_ar_2023#2       0.515
    """
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    known = list(map(str, corpus["doc_id"]))
    for name, doc in (("doc_a", doc_a), ("doc_b", doc_b)):
        if doc not in known:
            import difflib

            close = difflib.get_close_matches(doc, known, n=1)
            raise FramingError(f"parallel(): no document {doc!r} ({name})"
                               + (f"; did you mean {close[0]!r}?" if close else "")
                               + f" The documents: {', '.join(known)}.")
    if doc_a == doc_b:
        raise FramingError(f"parallel(): doc_a and doc_b are the same document ({doc_a!r}): give two.")
    paras = paragraphs(corpus[corpus["doc_id"].isin([doc_a, doc_b])], furniture=furniture)
    a, b = paras[paras.doc_id == doc_a].reset_index(drop=True), paras[paras.doc_id == doc_b].reset_index(drop=True)
    drop = stop_list()
    terms_a, terms_b = [_terms(t, drop) for t in a.text], [_terms(t, drop) for t in b.text]
    rows = []
    if len(a) and len(b):
        vectors = TfidfVectorizer(analyzer=lambda words: words).fit(terms_a + terms_b)
        sim = cosine_similarity(vectors.transform(terms_a), vectors.transform(terms_b))
        pairs = _align(sim, min_similarity)
    else:
        sim, pairs = None, [(i, None) for i in range(len(a))] + [(None, j) for j in range(len(b))]
    for i, j in pairs:
        only_a = sorted(set(terms_a[i]) - (set(terms_b[j]) if j is not None else set())) if i is not None else []
        only_b = sorted(set(terms_b[j]) - (set(terms_a[i]) if i is not None else set())) if j is not None else []
        rows.append({"a_unit": a.unit[i] if i is not None else "", "a_text": a.text[i] if i is not None else "",
                     "b_unit": b.unit[j] if j is not None else "", "b_text": b.text[j] if j is not None else "",
                     "similarity": round(float(sim[i, j]), 3) if i is not None and j is not None else float("nan"),
                     "only_a": " ".join(only_a) if i is not None and j is not None else "",
                     "only_b": " ".join(only_b) if i is not None and j is not None else ""})
    return as_table(pd.DataFrame(rows, columns=COLUMNS))
