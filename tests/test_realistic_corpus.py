"""benchmarks/realistic.py: the generated corpus the benchmarks measure beside the repeated seeds (issue 16)."""

import doctest
import hashlib
import re

import pytest

import framing
from conftest import ROOT, script

realistic = script(ROOT / "benchmarks" / "realistic.py")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("realistic") / "corpus.csv"
    assert realistic.main(["--tokens", "100000", "--out", str(path)]) == 0
    return path


def test_the_docstring_examples_hold():
    assert doctest.testmod(realistic).failed == 0


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_text(small, tmp_path):
    again, other = tmp_path / "again.csv", tmp_path / "other.csv"
    realistic.main(["--tokens", "100000", "--out", str(again)])
    realistic.main(["--tokens", "100000", "--seed", "1", "--out", str(other)])
    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == digest
    assert hashlib.sha256(other.read_bytes()).hexdigest() != digest


def test_it_loads_as_an_instructors_corpus_with_the_words_asked_for(small):
    corpus = framing.load_corpus(small)
    tokens = framing.tokens(corpus)
    # punctuation is glued to words, never a word of its own: the token count is the word count
    assert len(tokens) == 100_000
    assert corpus["outlet"].nunique() == len(realistic.OUTLETS)
    assert corpus["date"].min() >= "2019-01-01" and corpus["date"].max() <= "2025-12-31"
    lengths = tokens.groupby("doc_id").size()
    assert lengths.iloc[:-1].between(300, 800).all()


def test_its_vocabulary_is_large_and_zipfian(small):
    forms, _ = realistic.vocabulary(realistic.seed_stems())
    assert len(forms) >= 150_000
    counts = framing.tokens(framing.load_corpus(small))["token"].value_counts()
    # a real 100,000-word corpus has tens of thousands of forms; the repeated seeds have 1,315 at any size
    assert counts.size > 25_000
    # Zipf: most forms occur once, a few very often (the function words lead)
    assert (counts == 1).mean() > 0.5
    assert counts.index[0] in realistic.FUNCTION_WORDS and counts.iloc[0] > 100 * counts.iloc[1000]


def test_the_spelling_variants_of_the_seeds_occur(small):
    text = small.read_text(encoding="utf-8")
    for variant, what in (("ی", "Farsi yeh"), ("ک", "keheh"), ("أ", "hamza on alef"), ("\u064e", "fatha"),
                          ("\u0651", "shadda")):
        assert variant in text, what
    # and the kit's normalisation folds them: a form with harakat finds its bare form
    word = next(w for w in re.findall(r"\S+", text) if "\u0651" in w)
    assert "\u0651" not in framing.normalize(word)
