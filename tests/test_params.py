"""Every public verb declares every parameter, and refuses a bad value with the one message form.

As scikit-learn's ``test_public_functions.py``: for each public function and
each parameter, a value that none of the parameter's declared constraints
accepts is generated from the constraints themselves, passed with good values
for the other arguments, and the message must name the verb and the parameter
and show the value given.
"""

from __future__ import annotations

import inspect
import re

import pandas as pd
import pytest

import framing
from framing.errors import FramingError
from framing.params import CORPUS, Checked, Constraint

#: Public callables that are not verbs with parameters to check, and why.
EXEMPT = {
    "normalize": "called once per distinct token by the tokenizer: it checks its text itself",
    "stopwords": "takes no parameter",
    "Lexicon": "a class: load_lexicon checks what builds it",
    "Validation": "a result class: validate_lexicon builds it",
}

#: A good value for each required parameter (the rest keep their defaults).
GOOD = {"corpus": None, "query": "غزو", "token": "الغزو", "word": "غزو", "text": "غزو العراق",
        "doc_id": "reuters_2023", "doc_a": "afp_fr_2023", "doc_b": "afp_ar_2023", "where": "machine_translated=no",
        "target": "outlet=Reuters", "data": None,
        "codes": pd.DataFrame({"unit": ["reuters_2023#2", "reuters_2023#2"], "coder": ["amal", "badr"],
                               "war_invasion": [1, 0]}),
        "sheet": pd.DataFrame({"unit": ["reuters_2023#2"], "text": ["..."], "war_invasion": [""], "primary": [""]})}


@pytest.fixture(scope="module")
def corpus():
    return framing.load_corpus()


PLOTS = [n for n in framing.plots.__all__ if n.startswith("plot_")]


def public_verbs():
    out = []
    for name in framing.__all__:
        obj = getattr(framing, name)
        if callable(obj) and not (isinstance(obj, type) and issubclass(obj, BaseException)) and name not in EXEMPT:
            out.append(name)
    return out + [f"plots.{n}" for n in PLOTS]


def verb(name):
    return getattr(framing.plots, name[6:]) if name.startswith("plots.") else getattr(framing, name)


def bad_value(allowed: list):
    """A value that no constraint of ``allowed`` accepts, from their own bad values."""
    for c in allowed:
        for value in (c.bad_values() if c is not None else []):
            if not (value is None and None in allowed) and not any(k is not None and k.ok(value) for k in allowed):
                return value
    return None


def cases():
    for name in public_verbs():
        func = verb(name)
        for param, allowed in getattr(func, "constraints", {}).items():
            if any(isinstance(c, Checked) for c in allowed):
                continue  # checked against the data by the verb itself (tests of its own)
            yield pytest.param(name, param, id=f"{name}-{param}")


@pytest.fixture(scope="module")
def tables(corpus):
    return {
        "plots.plot_top_terms": framing.top_terms(corpus, 3, by="outlet"),
        "plots.plot_similarity": framing.similarity(corpus),
        "plots.plot_keyness": framing.keyness(corpus, "outlet=Reuters"),
        "plots.plot_dispersion": framing.dispersion(corpus, "غزو"),
        "plots.plot_frames": framing.frame_counts(corpus, n_boot=10),
        "plots.plot_choices": framing.choices(corpus),
    }


def test_the_walk_sees_the_verbs():
    assert {"kwic", "tfidf", "frame_counts", "choices", "load_corpus", "matches"} <= set(public_verbs())
    assert {"plots.plot_frames", "plots.plot_similarity"} <= set(public_verbs())
    assert len(list(cases())) > 60


@pytest.mark.parametrize("name", public_verbs())
def test_every_parameter_of_a_public_verb_is_declared(name):
    func = verb(name)
    assert hasattr(func, "constraints"), f"{name}() declares no parameter constraints (framing.params.validate_params)"
    params = [p for p, v in inspect.signature(func).parameters.items() if v.kind is not v.VAR_KEYWORD]
    assert sorted(func.constraints) == sorted(params), f"{name}(): declared {sorted(func.constraints)}, has {params}"
    assert all(isinstance(c, Constraint) or c is None for cs in func.constraints.values() for c in cs)


@pytest.mark.parametrize("name, param", list(cases()))
def test_a_bad_value_is_named_with_the_verb_and_the_parameter(corpus, name, param, tables):
    func = verb(name)
    allowed = func.constraints[param]
    value = bad_value(allowed)
    assert value is not None or None in allowed, f"no bad value generated for {name}({param}=...)"
    sig = inspect.signature(func)
    required = [p for p, v in sig.parameters.items() if v.default is v.empty and v.kind is not v.VAR_KEYWORD]
    if name.startswith("plots."):  # a plot's first argument is the table of its verb
        args = {required[0]: tables[name]}
    else:
        args = {p: (corpus if GOOD[p] is None else GOOD[p]) for p in required}
    args[param] = value
    with pytest.raises(FramingError) as caught:
        func(**args)
    message = str(caught.value)
    if CORPUS in allowed:  # the corpus's own messages teach the slip (swapped arguments, a column missing)
        assert f"{name}()" in message
    else:
        short = name.removeprefix("plots.")
        assert message.startswith(f"The {param!r} parameter of {short}() must be "), message
        assert message.endswith(f"Got {value!r:.80} instead."), message


def test_a_misspelt_option_gets_a_suggestion(corpus):
    with pytest.raises(FramingError, match=re.escape("kwic(): got an unexpected keyword argument 'windw' "
                                                     "(did you mean 'window'?). Its parameters are: corpus, query")):
        framing.kwic(corpus, "غزو", windw=3)
    with pytest.raises(FramingError, match=re.escape("kwic(): missing a required argument: 'query'")):
        framing.kwic(corpus)


def test_options_passed_on_are_named_with_the_verb_the_student_called(corpus):
    with pytest.raises(FramingError, match=re.escape(
            "The 'norm' parameter of similarity() must be one of 'l2', 'l1', None. Got 'l3' instead.")):
        framing.similarity(corpus, norm="l3")
    with pytest.raises(FramingError, match=re.escape("top_terms() has no option 'stopword'. Did you mean 'stopwords'?")):
        framing.top_terms(corpus, 3, stopword=True)
    with pytest.raises(FramingError, match=re.escape(
            "The 'data' parameter of top_terms() must be a corpus or a table from tfidf(). Got 'x' instead.")):
        framing.top_terms("x")


@pytest.mark.parametrize("name", ["summary", "terms", "tokens"])
def test_a_verb_of_the_corpus_alone_does_not_suggest_swapping_arguments(name):
    with pytest.raises(FramingError, match=re.escape(
            f"{name}() takes the corpus DataFrame (from framing.load_corpus()), but got a str: 'x'. "
            f"Write {name}(corpus).")):
        getattr(framing, name)("x")


def test_tfidf_min_df_out_of_range_is_named_not_an_empty_result(corpus):
    with pytest.raises(FramingError, match=re.escape(
            "The 'min_df' parameter of tfidf() must be a whole number >= 1 or a fraction of the groups from 0.0 "
            "to 1.0. Got -1 instead.")):
        framing.tfidf(corpus, min_df=-1)


def test_numpy_values_a_student_gets_from_pandas(corpus):
    import numpy as np

    # a comparison on a column gives numpy's bool; an array is not one option
    assert len(framing.kwic(corpus, "غزو", fold_taa=np.True_)) == len(framing.kwic(corpus, "غزو", fold_taa=True))
    with pytest.raises(FramingError, match=re.escape("The 'norm' parameter of tfidf() must be one of 'l2', 'l1', None.")):
        framing.tfidf(corpus, norm=np.array(["l2", "l1"]))
    with pytest.raises(FramingError, match=re.escape("The 'mode' parameter of kwic() must be one of")):
        framing.kwic(corpus, "غزو", mode=np.array(["exact"]))
    assert len(framing.tfidf(corpus, ngram_range=[1, 2])) == len(framing.tfidf(corpus, ngram_range=(1, 2)))


def test_by_is_named_with_the_verb_called_and_helps(corpus):
    with pytest.raises(FramingError, match=re.escape("The 'by' parameter of similarity() must be 'doc'")):
        framing.similarity(corpus, by="author")
    with pytest.raises(FramingError, match=re.escape("Got 'doc_id' instead. Write by='doc' for one group per document.")):
        framing.frame_counts(corpus, by="doc_id")
    with pytest.raises(FramingError, match=re.escape("Got 'Outlet' instead. Did you mean 'outlet'?")):
        framing.tfidf(corpus, by="Outlet")
    clash = corpus.assign(n=["a", "b", "a", "b", "a"])
    with pytest.raises(FramingError, match=re.escape("The 'by' column 'n' has the name of one of tfidf()'s own columns")):
        framing.tfidf(clash, by="n")


def test_top_terms_of_a_table_takes_no_grouping_or_options(corpus):
    table = framing.tfidf(corpus)
    assert len(framing.top_terms(table, 3)) == 15
    with pytest.raises(FramingError, match=re.escape("top_terms() was given a table from tfidf(), which is already "
                                                     "grouped and scored, and by='outlet', fold_taa=True")):
        framing.top_terms(table, 3, by="outlet", fold_taa=True)
