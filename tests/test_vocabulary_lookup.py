"""Wildcards and regexes looked up in the index's sorted vocabulary (issue 16).

A wildcard with letters before its first ``*`` only looks at the forms that
start with them (after a proclitic), by bisection; a regex runs once over the
vocabulary joined by line breaks. These tests check that what each finds is
exactly what checking every form alone finds, for many shapes, on the seeds
and on a generated corpus with a realistic vocabulary.
"""

import pytest

import framing
from conftest import ROOT, script
from framing.errors import QueryError
from framing.index import corpus_index
from framing.match import PREFIXES, REGEX_QUERY_SECONDS, among, parse_query
from framing.search import candidates

realistic = script(ROOT / "benchmarks" / "realistic.py")


def scan(idx, matcher):
    """The places of every form the matcher accepts, found by checking each form (no bisection)."""
    return sorted(p for norm, places in idx.postings.items() if matcher(norm) for p in places)


@pytest.fixture(scope="module")
def seeds():
    return corpus_index(framing.load_corpus())


@pytest.fixture(scope="module")
def generated():
    return corpus_index(realistic.realistic_corpus(60_000, seed=3))


def shapes(idx):
    """Wildcards made from the corpus's own forms: their first 1-4 letters then *, a * inside, a ة before *."""
    forms = sorted(f for f in idx.postings if len(f) >= 4 and f.isalpha())
    picked = forms[:: max(1, len(forms) // 40)][:40]
    out = set()
    for f in picked:
        out.update({f[:1] + "*", f[:2] + "*", f[:3] + "*", f[:4] + "*", f[:2] + "*" + f[-1], "ال" + f[:3] + "*"})
    out.update({"هجوم*", "شراكة*", "عملية*", "الغزو*", "ان*", "زير*", "مسؤول*", "و*", "ال*", "قو*ات"})
    return sorted(out)


@pytest.mark.parametrize("which", ["seeds", "generated"])
@pytest.mark.parametrize("mode", ["clitic", "exact"])
def test_a_wildcard_finds_by_bisection_what_a_scan_of_every_form_finds(which, mode, request):
    idx = request.getfixturevalue(which)
    checked = 0
    for word in shapes(idx):
        (matcher,) = parse_query(word, mode=mode)
        assert matcher.starts, word  # every shape here has letters before its *: bisection is used
        got = list(candidates(idx, matcher))
        assert got == scan(idx, matcher), word
        checked += bool(got)
    assert checked > 50  # most shapes have hits, so the equality is not between two empty lists


def test_the_seeds_hits_of_a_wildcard_read_off_the_text(seeds):
    # هجوم* in the seeds: لهجوم (AFP Arabic) and هجومها (Al Jazeera), as tests/test_kwic.py reads them
    (matcher,) = parse_query("هجوم*")
    assert sorted(seeds.docs[p >> 32].norms[p & 0xFFFFFFFF] for p in candidates(seeds, matcher)) == ["لهجوم", "هجومها"]


def test_the_beginnings_are_each_proclitic_before_the_letters_and_none_begins_another():
    (matcher,) = parse_query("هجوم*")
    assert set(matcher.starts) == {p + "هجوم" for p in PREFIXES}
    (matcher,) = parse_query("شراكة*", mode="exact")
    assert matcher.starts == ("شراك",)  # ة before * may be written ت (شراكتنا)
    (matcher,) = parse_query("الغزو*")  # the word with its article and without it
    assert {"غزو", "الغزو", "والغزو", "الالغزو"} <= set(matcher.starts)
    (matcher,) = parse_query("ل*")  # لل (ل + ل) and ول are inside what ل and و+ل already cover
    assert "ل" in matcher.starts and "لل" not in matcher.starts and "للل" not in matcher.starts
    for a in matcher.starts:
        assert not any(b != a and a.startswith(b) for b in matcher.starts)


@pytest.mark.parametrize("query, mode, fold_taa", [("*ية", "clitic", False), ("ال.*ية", "regex", False),
                                                    ("عملية*", "clitic", True), ("هجوم", "clitic", False)])
def test_what_has_no_known_beginning_scans_every_form(query, mode, fold_taa, seeds):
    (matcher,) = parse_query(query, mode=mode, fold_taa=fold_taa)
    assert matcher.starts == ()
    assert list(candidates(seeds, matcher)) == scan(seeds, matcher)


def test_the_vocabulary_is_every_normal_form_sorted(seeds):
    assert seeds.vocabulary == sorted(seeds.postings) and len(seeds.vocabulary) == len(seeds.postings)


REGEXES = [  # run once over the joined vocabulary: none of their pieces can match or see a line break
    "ال.*ية", "ال.*", ".*ات", "(غزو|احتلال)", "عسكري(ة|ين)?", ".", "..", "و.*ون", "[0-9]+", r"\w*ية",
    "(?:ال)?عراق", "ال.*ية|.*ات", "ا{2,}", ".*?ة", "^ال.*$", "[اب]+.*",
]
FORM_BY_FORM = [  # each can match or see a line break, or is beyond what the scan is written for
    "[^ي]*ية", r"[^\n]*ة", "ال[^ا]+", "(?<!و)ال.*", r"\bال.*", "(?s).*ية", r"ال\w*\Z", r"\s*ال.*",
    "[^ي]++", "[^ة]{2,}+", r"[^ي]*\n[\s\S]*(*SKIP)(*F)|ال.*", r"\D*\D*ز", "[^ذ]*ت[^ذ]*ز", r"(ا)\1.*",
]


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_a_regex_finds_what_each_form_alone_finds(which, request):
    idx = request.getfixturevalue(which)
    nonempty = 0
    for pattern in REGEXES + FORM_BY_FORM:
        (matcher,) = parse_query(pattern, mode="regex")
        got = among(matcher, idx.vocabulary, idx.vocabulary_text)
        assert got == [f for f in idx.vocabulary if matcher(f)], pattern
        assert list(candidates(idx, matcher)) == scan(idx, matcher), pattern
        nonempty += bool(got)
    assert nonempty >= len(REGEXES + FORM_BY_FORM) - 4


def test_only_patterns_that_cannot_meet_a_line_break_run_over_the_joined_vocabulary():
    from framing.match import _LINEWISE

    assert [p for p in REGEXES if _LINEWISE.fullmatch(p) is None] == []
    assert [p for p in FORM_BY_FORM if _LINEWISE.fullmatch(p) is not None] == []


def test_a_possessive_repeat_finds_the_forms_it_fits():
    # [^ي]++ takes every letter but ي, and never gives one back: حرب and سلام fit whole, دولي does not
    (matcher,) = parse_query("[^ي]++", mode="regex")
    assert among(matcher, ["حرب", "سلام", "دولي"]) == ["حرب", "سلام"]


def test_an_empty_vocabulary_has_no_hit():
    (matcher,) = parse_query("ا*", mode="regex")
    assert among(matcher, [], "") == []
    corpus = framing.load_corpus().iloc[:1].reset_index(drop=True)
    corpus.loc[0, "text"] = "، . ؟"  # no token at all
    assert framing.kwic(corpus, "ا*", mode="regex").empty


def test_a_regex_too_slow_over_the_vocabulary_is_stopped_and_named(seeds):
    # alternation inside a repeat: exponential on a long run of alef that does not end in ج
    (matcher,) = parse_query("(ا|اا)+ب?ج", mode="regex")
    forms = ["ا" * 60 + "ب"] + seeds.vocabulary
    with pytest.raises(QueryError, match=rf"'\(ا\|اا\)\+ب\?ج' took more than {REGEX_QUERY_SECONDS} s over the "
                                         rf"corpus's {len(forms):,} distinct words"):
        among(matcher, forms)
