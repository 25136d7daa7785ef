"""validate_lexicon: precision, recall and what to read, on seed paragraphs coded in the test.

The Reuters paragraphs used, as read in seeds/002_*.txt (a paragraph is a non-empty line):
2 "... بعد نحو 20 عاما من الغزو الذي قادته الولايات المتحدة ..." (the invasion, by name);
4 the background paragraph that also says الغزو; 5 Austin on the strategic partnership;
6 the troops and the advise-and-assist mission. None of 5 and 6 has غزو, احتلال or اجتياح.
"""

import math

import pandas as pd
import pytest

import framing
from framing.errors import FramingError


def sheet(coder, codes: dict):
    return pd.DataFrame({"unit": [f"reuters_2023#{p}" for p in codes], "coder": coder,
                         "war_invasion": list(codes.values())})


def test_the_paragraphs_read_are_what_the_test_says(corpus):
    paras = framing.paragraphs(corpus).set_index("unit").text
    assert "الغزو" in paras["reuters_2023#2"] and "الغزو" in paras["reuters_2023#4"]
    for p in (5, 6):
        assert not any(w in paras[f"reuters_2023#{p}"] for w in ("غزو", "احتلال", "اجتياح"))


def test_precision_recall_and_what_to_read(corpus):
    # the coder sees the invasion frame in 2 and 5, not in 4 (background) nor 6
    v = framing.validate_lexicon(corpus, "seeds", sheet("amal", {2: 1, 4: 0, 5: 1, 6: 0}))
    row = v.scores.iloc[0]
    assert (row.frame, row.units, row.coded, row.found) == ("war_invasion", 4, 2, 2)
    assert (row.tp, row.fp, row.fn, row.tn) == (1, 1, 1, 1)  # 2 found, 4 a false hit, 5 a miss, 6 right
    assert row.precision == 0.5 and row.recall == 0.5 and row.f1 == 0.5
    assert v.false_hits.unit.tolist() == ["reuters_2023#4"] and v.false_hits.match.tolist() == ["الغزو"]
    assert v.misses.unit.tolist() == ["reuters_2023#5"] and "الشراكة الاستراتيجية" in v.misses.text.iloc[0]
    assert "4 coded paragraphs: rough figures" in v.notes[0]
    assert "1 false hit(s) and 1 miss(es)" in v._repr_html_()


def test_coverage_names_terms_without_hits_and_frames_on_one_document(corpus):
    v = framing.validate_lexicon(corpus, "seeds", sheet("amal", {2: 1}))
    cov = v.coverage.set_index("term")
    # the lexicon's own notes: احتلال and اجتياح are "Not in the seeds"; عملية عسكرية is AFP Arabic's only
    assert cov.loc["احتلال", "note"] == "no hit in this corpus" and cov.loc["اجتياح", "hits"] == 0
    assert cov.loc["عملية عسكرية", "note"] == "all hits in one document"
    assert cov.loc["عملية عسكرية", "in"] == "afp_ar_2023"
    assert cov.loc["غزو", "documents"] >= 3 and cov.loc["غزو", "note"] == ""
    frames = v.frames.set_index("frame")
    # the lexicon's notes: اغتيال only in 004 (Al-Monitor, باغتيال); تبرير and أسلحة دمار شامل only in 002 (Reuters)
    assert frames.loc["assassination", "note"] == "rests on one document" and frames.loc["assassination", "in"] == \
        "almonitor_2024"
    assert frames.loc["justification", "in"] == "reuters_2023" and frames.loc["war_invasion", "note"] == ""
    assert frames.loc["war_invasion", "hits"] == cov[cov.frame == "war_invasion"].hits.sum()


def test_two_coders_need_a_choice_and_agreed_keeps_what_they_share(corpus):
    codes = pd.concat([sheet("amal", {2: 1, 4: 0, 5: 1}), sheet("badr", {2: 1, 4: 1, 5: 0})])
    with pytest.raises(FramingError, match=r"several coders \(amal, badr\): say whose codes"):
        framing.validate_lexicon(corpus, "seeds", codes)
    agreed = framing.validate_lexicon(corpus, "seeds", codes, coder="agreed").scores.iloc[0]
    assert (agreed.units, agreed.tp, agreed.fp, agreed.fn) == (1, 1, 0, 0)  # only paragraph 2 is agreed
    badr = framing.validate_lexicon(corpus, "seeds", codes, coder="badr").scores.iloc[0]
    assert (badr.tp, badr.fp, badr.fn, badr.tn) == (2, 0, 0, 1)


def test_nothing_to_count_is_nan_not_zero(corpus):
    row = framing.validate_lexicon(corpus, "seeds", sheet("amal", {5: 0, 6: 0})).scores.iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn) == (0, 0, 0, 2)
    assert math.isnan(row.precision) and math.isnan(row.recall) and math.isnan(row.f1)


def test_codes_from_another_corpus_or_lexicon_are_refused(corpus):
    with pytest.raises(FramingError, match=r"units not in this corpus: reuters_2023#99"):
        framing.validate_lexicon(corpus, "seeds", sheet("amal", {99: 1}))
    codes = pd.DataFrame({"unit": ["reuters_2023#2"], "coder": "amal", "heroism": [1]})
    with pytest.raises(FramingError, match=r"frames the lexicon 'seeds' does not: heroism"):
        framing.validate_lexicon(corpus, "seeds", codes)
    with pytest.raises(FramingError, match=r"give the hand codes"):
        framing.validate_lexicon(corpus, "seeds")


def test_the_seeds_lexicon_against_the_example_coding(corpus):
    from conftest import ROOT

    v = framing.validate_lexicon(corpus, "seeds", ROOT / "data" / "coding" / "seeds_example.csv")
    got = v.scores.set_index("frame")[["coded", "found", "tp", "fp", "fn"]].T.to_dict("list")
    # the coding's notes: presence in 4 paragraphs, of which almonitor_2024#5 says "2500 جندي أمريكي", a
    # wording the lexicon's presence terms do not list; Iranian influence in 5, of which afp_ar_2023#15
    # (المقربون من إيران) and afp_ar_2023#24 (علاقات قوية مع إيران) use no term of the lexicon
    assert got == {"war_invasion": [2, 2, 2, 0, 0], "presence": [4, 3, 3, 0, 1], "withdrawal": [1, 1, 1, 0, 0],
                   "iran_influence": [5, 3, 3, 0, 2]}
    assert sorted(v.misses.unit) == ["afp_ar_2023#15", "afp_ar_2023#24", "almonitor_2024#5"]


def test_agreed_needs_two_coders_and_a_list_of_sheets_is_taken(corpus):
    with pytest.raises(FramingError, match=r"'agreed' keeps what two coders or more coded the same"):
        framing.validate_lexicon(corpus, "seeds", "seeds_example", coder="agreed")
    two = [sheet("amal", {2: 1, 4: 0}), sheet("badr", {2: 1, 4: 1})]
    assert framing.validate_lexicon(corpus, "seeds", two, coder="badr").scores.iloc[0].tp == 2
