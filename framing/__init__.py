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
from framing.agreement import agreement, confusion, disagreements
from framing.choices import choice_hits, choices, load_choices
from framing.coding import coding_form, coding_sheet, paragraphs, read_codes
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
from framing.ngrams import ngrams
from framing.normalize import normalize
from framing.parallel import parallel
from framing.reading import read
from framing.select import select
from framing.stopwords import is_stopword, stopwords
from framing.summary import summary
from framing.terms import terms
from framing.tfidf import similarity, tfidf, top_terms
from framing.tokens import tokenize, tokens
from framing.validation import Validation, validate_lexicon

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
    "Validation",
    "agreement",
    "choice_hits",
    "choices",
    "clitic_forms",
    "coding_form",
    "coding_sheet",
    "collocates",
    "confusion",
    "disagreements",
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
    "ngrams",
    "normalize",
    "paragraphs",
    "parallel",
    "plots",
    "read",
    "read_codes",
    "stopwords",
    "select",
    "similarity",
    "summary",
    "terms",
    "tfidf",
    "tokenize",
    "tokens",
    "top_terms",
    "validate_lexicon",
]
