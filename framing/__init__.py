"""framing: a teaching kit for how news outlets frame the same events, on Arabic news.

The verbs, in the order a class meets them (corpus, then tokens, then counts)::

    import framing
    corpus = framing.load_corpus()          # the five seed texts, one row each
    framing.summary(corpus)                 # metadata and token counts
    framing.normalize("الأمريكي")           # one spelling for texts, queries, lexicons
    framing.tokenize("للإطاحة بصدّام")       # tokens with offsets into the original
    framing.kwic(corpus, "غزو")             # keyword in context, clitic-aware

Importing the package is cheap: pandas, scikit-learn and the plotting
libraries load the first time a verb needs them.
"""

from __future__ import annotations

from framing import plots  # cheap: matplotlib and seaborn load when a plot is drawn
from framing.choices import choice_hits, choices, load_choices
from framing.collocates import collocates
from framing.corpus import load_corpus
from framing.dispersion import dispersion
from framing.errors import CorpusError, FramingError, QueryError
from framing.frames import frame_counts, frame_hits
from framing.frequencies import frequencies
from framing.keyness import keyness
from framing.kwic import kwic
from framing.lexicon import Lexicon, LexiconError, load_lexicon
from framing.match import QueryWarning, clitic_forms, explain_match, matches
from framing.normalize import normalize
from framing.stopwords import is_stopword, stopwords
from framing.summary import summary
from framing.terms import terms
from framing.tfidf import similarity, tfidf, top_terms
from framing.tokens import tokenize, tokens

__version__ = "0.1.0"

# In a notebook, every DataFrame shows its Arabic cells right to left (framing.display).
from framing.display import show_arabic_in_every_table as _show_arabic  # noqa: E402

_show_arabic()

__all__ = [
    "CorpusError",
    "FramingError",
    "Lexicon",
    "LexiconError",
    "QueryError",
    "QueryWarning",
    "choice_hits",
    "choices",
    "clitic_forms",
    "collocates",
    "dispersion",
    "explain_match",
    "frame_counts",
    "frame_hits",
    "frequencies",
    "is_stopword",
    "keyness",
    "kwic",
    "load_choices",
    "load_corpus",
    "load_lexicon",
    "matches",
    "normalize",
    "plots",
    "stopwords",
    "similarity",
    "summary",
    "terms",
    "tfidf",
    "tokenize",
    "tokens",
    "top_terms",
]
