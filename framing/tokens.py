"""tokenize and tokens: the tokens of one text, or of a whole corpus, as tables.

How a text is cut into tokens is in :mod:`framing.tokenizer`.
"""

from __future__ import annotations

from framing.display import as_table
from framing.index import corpus_index
from framing.params import (
    CORPUS,
    Boolean,
    Text,
    validate_params,
)
from framing.progress import progress
from framing.tokenizer import Token, iter_tokens

__all__ = ["tokenize", "tokens"]


@validate_params({"text": [Text()]})
def tokenize(text: str):
    """Split ``text`` into tokens, with offsets into the original text.

    Parameters
    ----------
    text : str
        The text as printed (not normalised): offsets point into it.

    Returns
    -------
    pandas.DataFrame
        One row per token: ``token`` (as printed), ``norm`` (see
        :func:`framing.normalize`), ``start`` and ``end`` (so that
        ``text[start:end] == token``).

    Examples
    --------
    >>> tokenize("شنّ الجيش الأميركي عمليةً عسكرية في ٢٠٠٣")
           token    norm  start  end
    0         شنّ      شن      0    3
    1       الجيش   الجيش      4    9
    2    الأميركي  الاميركي     10   18
    3      عمليةً    عملية     19   25
    4      عسكرية   عسكرية     26   32
    5          في      في     33   35
    6       ٢٠٠٣    2003     36   40
    """
    import pandas as pd

    if not isinstance(text, str):
        raise TypeError(
            f"tokenize() takes one text (a str), got {type(text).__name__}; "
            "for a whole corpus use framing.tokens(corpus)"
        )
    rows = list(iter_tokens(text))
    return as_table(pd.DataFrame(rows, columns=list(Token._fields)))


@validate_params({"corpus": [CORPUS], "furniture": [Boolean()]})
def tokens(corpus, *, furniture: bool = False):
    """One row per token of a corpus: the tidy table that counts start from.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    furniture : bool, default False
        Keep tokens of page furniture, credit lines and captions (those the
        metadata marks as not the article).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``outlet``, ``event`` (when the corpus has one),
        ``position`` (0, 1, 2 ... within the document), ``token``, ``norm``,
        ``start``, ``end``.

    Examples
    --------
    >>> import framing
    >>> toks = framing.tokens(framing.load_corpus())
    >>> int(toks.groupby("doc_id").size()["afp_ar_2023"])
    754
    >>> toks[toks.norm == "الغزو"].doc_id.tolist()   # للغزو has another norm
    ['afp_fr_2023', 'afp_fr_2023', 'reuters_2023', 'reuters_2023', 'reuters_2023']
    """
    import numpy as np
    import pandas as pd

    idx = corpus_index(corpus, furniture=furniture)
    docs = idx.docs
    lengths = np.fromiter((len(d.norms) for d in docs), dtype=np.int64, count=len(docs))
    total = int(lengths.sum())

    def repeated(values):  # each document's value once per token, one shared object, typed as pandas types it
        return pd.Series(values).repeat(lengths).reset_index(drop=True)

    surface: dict[str, str] = {}  # one str per spelling, shared by its rows (10M tokens: ~300k spellings)
    frame = {"doc_id": repeated([d.doc_id for d in docs]), "outlet": repeated([d.outlet for d in docs])}
    if idx.has_event:
        frame["event"] = repeated([d.event for d in docs])
    frame["position"] = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    frame["token"] = np.fromiter((surface.setdefault(t, t) for d in progress(docs, len(docs), "Listing tokens")
                                  for t in map(d.text.__getitem__, map(slice, d.starts, d.ends))),
                                 dtype=object, count=total)
    frame["norm"] = np.fromiter((n for d in docs for n in d.norms), dtype=object, count=total)
    frame["start"] = np.fromiter((s for d in docs for s in d.starts), dtype=np.int64, count=total)
    frame["end"] = np.fromiter((e for d in docs for e in d.ends), dtype=np.int64, count=total)
    return as_table(pd.DataFrame(frame))
