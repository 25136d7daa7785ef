"""summary: one row per document, its metadata and its number of tokens."""

from __future__ import annotations

from framing.display import as_table
from framing.index import corpus_index
from framing.params import (
    CORPUS,
    validate_params,
)

__all__ = ["summary"]


@validate_params({"corpus": [CORPUS]})
def summary(corpus):
    """One row per document: its metadata and its number of tokens.

    ``tokens`` counts the article's tokens (furniture left out),
    ``furniture_tokens`` those of the lines marked as not the article.

    >>> import framing
    >>> s = framing.summary(framing.load_corpus())
    >>> s[["doc_id", "tokens", "furniture_tokens"]]
               doc_id  tokens  furniture_tokens
    0     afp_fr_2023     478                 0
    1     afp_ar_2023     754                 0
    2    reuters_2023     496                17
    3    unknown_2021     480                 0
    4  almonitor_2024     656                71
    """
    kept = corpus_index(corpus)  # the one index the other verbs use: it counts the furniture it leaves out
    cols = [c for c in corpus.columns if c not in ("text", "text_clean", "furniture")]
    out = corpus[cols].copy()
    out["tokens"] = [len(d.norms) for d in kept.docs]
    out["furniture_tokens"] = [d.skipped for d in kept.docs]
    return as_table(out)
