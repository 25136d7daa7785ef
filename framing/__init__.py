"""framing: a teaching kit for how news outlets frame the same events, on Arabic news.

The verbs, in the order a class meets them (corpus, then tokens, then counts)::

    import framing
    corpus = framing.load_corpus()          # the five seed texts, one row each
    framing.summary(corpus)                 # metadata and token counts
    framing.normalize("الأمريكي")           # one spelling for texts, queries, lexicons
    framing.tokenize("للإطاحة بصدّام")       # tokens with offsets into the original
    framing.kwic(corpus, "غزو")             # keyword in context, clitic-aware

Importing the package is cheap (it imports no other package): each verb's
module, and pandas, scikit-learn and the plotting libraries with it, loads
the first time the verb is used. So in a JupyterLite site still missing
Pyodide's compiled packages, ``framing.normalize`` and the notebooks'
self-checks work, and the install cell can say what is missing.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

#: Where each public name lives: framing.kwic is framing.kwic.kwic, loaded when first used.
_MODULES = {
    "agreement": ("agreement", "confusion", "disagreements"),
    "choices": ("choice_hits", "choices", "load_choices"),
    "coding": ("coding_form", "coding_sheet", "paragraphs", "read_codes"),
    "collocates": ("collocates",),
    "corpus": ("load_corpus",),
    "dispersion": ("dispersion",),
    "errors": ("CorpusError", "FramingError", "QueryError"),
    "frames": ("frame_counts", "frame_hits"),
    "frequencies": ("frequencies",),
    "keyness": ("keyness",),
    "kwic": ("kwic",),
    "lexicon": ("Lexicon", "LexiconError", "load_lexicon"),
    "match": ("QueryWarning", "clitic_forms", "explain_match", "matches"),
    "ngrams": ("ngrams",),
    "normalize": ("normalize",),
    "parallel": ("parallel",),
    "reading": ("read",),
    "select": ("select",),
    "stopwords": ("is_stopword", "stopwords"),
    "summary": ("summary",),
    "terms": ("terms",),
    "tfidf": ("similarity", "tfidf", "top_terms"),
    "tokens": ("tokenize", "tokens"),
    "validation": ("Validation", "validate_lexicon"),
}
_WHERE = {name: f"framing.{module}" for module, names in _MODULES.items() for name in names}

__all__ = sorted([*_WHERE, "plots"])


def __getattr__(name: str):
    if name == "plots":
        value = importlib.import_module("framing.plots")
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    else:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__():
    """What tab completion offers: the verbs and the public names, not the modules the package uses."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


class _Package(types.ModuleType):
    """The package, whose verbs keep their names when their modules load.

    Python binds a submodule on its package when the submodule is first imported
    (``framing.kwic``, the module, when ``framing.frames`` imports it): here the
    verb of that name (``framing.kwic``, the function) keeps the name.
    """

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and name in _WHERE:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

# In a notebook, every DataFrame shows its Arabic cells right to left (framing.display_hook).
from framing.display_hook import show_arabic_in_every_table as _show_arabic  # noqa: E402

_show_arabic()
