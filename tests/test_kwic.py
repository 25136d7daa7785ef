"""kwic(): hits checked by reading the seed texts."""

import re

import pytest

import framing
from framing import FramingError, QueryError, kwic
from framing.display import CONTEXT_CHARS


def per_doc(hits):
    return hits.groupby("doc_id").size().to_dict()


def test_invasion_across_the_three_texts_on_event_a(corpus):
    # read in the seeds: 000 "منذ الغزو", "فتح الغزو"; 001 "للغزو" (once, the lead);
    # 002 "للغزو" (headline), "من الغزو", "أسفر الغزو", "بعد الغزو", "قرار غزو"
    hits = kwic(corpus, "غزو")
    assert per_doc(hits) == {"afp_fr_2023": 2, "afp_ar_2023": 1, "reuters_2023": 5}
    assert hits.match.tolist() == ["الغزو", "الغزو", "للغزو", "للغزو", "الغزو", "الغزو", "الغزو", "غزو"]
    assert kwic(corpus, "الغزو").equals(hits)  # the article is a clitic in the query too


def test_exact_mode_misses_the_clitic_forms(corpus):
    assert per_doc(kwic(corpus, "الغزو", mode="exact")) == {"afp_fr_2023": 2, "reuters_2023": 3}


def test_lil_plus_article_is_found_where_the_string_search_fails(corpus):
    # "الإطاحة" as a string is in no seed; "للإطاحة" is in 002 once and 004 twice
    assert not corpus.text.str.contains("الإطاحة").any()
    hits = kwic(corpus, "الإطاحة")
    assert per_doc(hits) == {"reuters_2023": 1, "almonitor_2024": 2}
    assert set(hits.match) == {"للإطاحة"}
    assert hits.after.str.split().str[0].tolist() == ["بصدام", "بالجيش", "بحماس"]


def test_withdrawal_with_conjunction_article_and_tanween(corpus):
    # 000 "انسحاب"; 002 "بالانسحاب"; 003 "وانسحاب", "انسحاب" x2; 004 "انسحابًا"
    hits = kwic(corpus, "الانسحاب")
    assert per_doc(hits) == {"afp_fr_2023": 1, "reuters_2023": 1, "unknown_2021": 3, "almonitor_2024": 1}
    assert sorted(hits.match) == sorted(["انسحاب", "بالانسحاب", "وانسحاب", "انسحاب", "انسحاب", "انسحابًا"])


def test_multiword_query_matches_consecutive_tokens(corpus):
    # 000 "قوات الحشد الشعبي", "في الحشد الشعبي"; 001 "لفصائل الحشد الشعبي", "رئيس الحشد الشعبي"
    assert per_doc(kwic(corpus, "الحشد الشعبي")) == {"afp_fr_2023": 2, "afp_ar_2023": 2}
    op = kwic(corpus, "عملية عسكرية")  # 000 has "عملية توازن": not a hit
    assert op.doc_id.tolist() == ["afp_ar_2023"] and op.match.tolist() == ["عملية عسكرية"]


def test_phrase_does_not_run_across_a_line_break(corpus):
    # 002: the headline ends "... الذكرى العشرين للغزو" and the next line opens "بغداد (رويترز)"
    assert kwic(corpus, "غزو بغداد").empty
    assert kwic(corpus, "العشرين للغزو").doc_id.tolist() == ["afp_ar_2023", "reuters_2023"]


def test_farsi_letters_in_seed_003_are_found_and_shown_as_printed(corpus):
    hits = kwic(corpus, "الأمريكية", outlet="unknown")
    assert len(hits) == 6  # five الأمريكية and one الامریکیة, read in 003
    assert "الامریکیة" in hits.match.tolist()


def test_wildcard_finds_pronoun_suffix(corpus):
    # 000 "هجومها" (its offensive); 004 "لهجوم مميت"
    assert sorted(kwic(corpus, "هجوم*").match) == ["لهجوم", "هجومها"]
    assert kwic(corpus, "هجوم").match.tolist() == ["لهجوم"]


def test_offsets_give_the_match_in_the_original_text(corpus):
    hits = kwic(corpus, "الأمريكية")
    texts = dict(zip(corpus.doc_id, corpus.text))
    assert len(hits) > 10
    assert all(texts[d][s:e] == m for d, s, e, m in zip(hits.doc_id, hits.start, hits.end, hits.match))


def test_window_counts_tokens_and_context_reads_as_printed(corpus):
    hit = kwic(corpus, "غزو", window=3).iloc[2]  # 001: "قبيل الذكرى العشرين للغزو الأميركي الذي أطاح"
    assert (hit.before, hit.match, hit.after) == ("قبيل الذكرى العشرين", "للغزو", "الأميركي الذي أطاح")
    assert kwic(corpus, "غزو", window=0).before.eq("").all()
    assert kwic(corpus, "غزو", window=0).after.eq("").all()


def test_furniture_is_left_out_of_hits_and_of_context(corpus):
    # 002: "بغداد (رويترز)" is the dateline (article); "طومسون رويترز" is furniture
    assert len(kwic(corpus, "رويترز")) == 1
    assert len(kwic(corpus, "رويترز", furniture=True)) == 2
    # 002: "... في كلا البلدين.\n\nآخر التحديثات\n\nوقال مسؤول دفاعي أميركي رفيع"
    hit = kwic(corpus, "مسؤول دفاعي", window=3).iloc[0]
    assert hit.before == "كلا البلدين. وقال"
    hit = kwic(corpus, "مسؤول دفاعي", window=3, furniture=True).iloc[0]
    assert hit.before == "آخر التحديثات وقال"


def test_filter_by_outlet_and_event(corpus):
    assert set(kwic(corpus, "غزو", outlet="reuters").outlet) == {"Reuters"}
    assert set(kwic(corpus, "غزو", outlet=["AFP-French", "AFP-Arabic"]).doc_id) == {"afp_fr_2023", "afp_ar_2023"}
    assert kwic(corpus, "انسحاب", event="troops_dialogue").doc_id.unique().tolist() == ["unknown_2021", "almonitor_2024"]
    with pytest.raises(FramingError, match="No document has outlet 'BBC'. The outlets are: AFP-Arabic, AFP-French, Al-Monitor, Reuters, unknown."):
        kwic(corpus, "غزو", outlet="BBC")


def test_sort_by_the_word_before_the_match(corpus):
    hits = kwic(corpus, "الانسحاب", sort="before1")
    before = [words.split()[-1] for words in hits.before]
    norm = [framing.normalize(w) for w in before]
    assert norm == sorted(norm)
    # 000 "إلى انسحاب", 003 "إلى انسحاب": the two إلى sort together
    assert norm.count("الي") == 2 and norm.index("الي") + 1 == len(norm) - 1 - norm[::-1].index("الي")


def test_sort_by_the_words_after_and_second_words(corpus):
    def key(words, k):
        words = words.split()
        return framing.normalize(words[k]) if -len(words) <= k < len(words) else ""

    hits = kwic(corpus, "الانسحاب")
    for sort, side, k in [("after1", "after", 0), ("after2", "after", 1), ("before2", "before", -2)]:
        ordered = kwic(corpus, "الانسحاب", sort=sort)
        keys = [key(w, k) for w in ordered[side]]
        assert keys == sorted(keys), sort
        assert sorted(ordered.start) == sorted(hits.start)  # the same hits, in another order


@pytest.mark.parametrize("old, new", [("L1", "before1"), ("L2", "before2"), ("R1", "after1"), ("r2", "after2")])
def test_the_old_sort_names_are_refused_with_the_new_ones(corpus, old, new):
    with pytest.raises(QueryError) as caught:
        kwic(corpus, "غزو", sort=old)
    message = str(caught.value)
    assert message.startswith("The 'sort' parameter of kwic() must be one of None, 'before1', 'before2', 'after1', "
                              f"'after2'. Got {old!r} instead.")
    assert message.endswith(f"Did you mean {new!r}? ({old.upper()!r} is its old name.)")


def test_regex_mode(corpus):
    hits = kwic(corpus, "(ال)?ميليشيا(ت)?", mode="regex")
    assert set(hits.doc_id) == {"reuters_2023", "almonitor_2024"}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"window": -1}, "The 'window' parameter of kwic() must be a whole number >= 0. Got -1 instead."),
        ({"window": "5"}, "Got '5' instead"),
        ({"sort": "left"}, ("The 'sort' parameter of kwic() must be one of None, 'before1', 'before2', 'after1', "
                            "'after2'. Got 'left' instead.")),
        ({"mode": "fuzzy"}, "The 'mode' parameter of kwic() must be one of"),
    ],
)
def test_bad_options_are_named(corpus, kwargs, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        kwic(corpus, "غزو", **kwargs)


def test_swapped_arguments_are_caught(corpus):
    with pytest.raises(FramingError, match=r"Did you swap the arguments\? Write kwic\(corpus, 'غزو'\)"):
        kwic("غزو", corpus)


def test_result_is_a_dataframe_that_displays_right_to_left(corpus):
    import pandas as pd

    hits = kwic(corpus, "غزو", window=3)
    assert isinstance(hits, pd.DataFrame)
    page = hits._repr_html_()
    assert '<table dir="rtl"' in page and "<style" not in page and "class=" not in page
    # preceding context, keyword, following context in that order in the row's source:
    # with dir="rtl" the first of them stands rightmost
    row = page.split("<tbody>")[1].split("</tr>")[2]
    before, keyword, after = (f'<bdi dir="rtl">{t}</bdi>' for t in ("قبيل الذكرى العشرين", "للغزو", "الأميركي الذي أطاح"))
    assert row.index(before) < row.index(keyword) < row.index(after)
    # JupyterLab's sanitiser keeps only text-align left/right/center/justify
    assert "text-align:start" not in page and "text-align:end" not in page
    # the wide table scrolls in its own right-to-left box, so doc_id shows first
    assert '<div dir="rtl" style="display:inline-block;max-width:100%;overflow-x:auto"><table' in page
    assert "Keyword-in-context with 8 matches" in page
    # a selection without the context columns displays as a plain DataFrame
    assert "dir=" not in hits[["doc_id", "start"]]._repr_html_()


def test_latin_context_keeps_its_place_in_an_arabic_row(corpus):
    # 004: the English caption (furniture) ends "... near Nasiriyah, Iraq." right before
    # "واشنطن – استأنفت": with dir="auto" the cell would be laid out left to right
    hits = kwic(corpus, "استأنفت", window=6, furniture=True)
    assert hits.before.iloc[0] == "Camp Adder, near Nasiriyah, Iraq. واشنطن –"
    assert '<bdi dir="rtl">Camp Adder, near Nasiriyah, Iraq. واشنطن –</bdi>' in hits.full()._repr_html_()
    # trimmed to 30 characters of whole words, the cut marked where the line begins
    assert '<bdi dir="rtl">… near Nasiriyah, Iraq. واشنطن –</bdi>' in hits._repr_html_()


def test_long_contexts_are_trimmed_visibly_and_kept_whole_in_the_frame(corpus):
    hits = kwic(corpus, "غزو", window=20)
    page = hits._repr_html_()
    assert "trimmed here (…)" in page and ".full()" in page
    shown = re.findall(r'<td style="[^"]*text-align:(?:left|right);"><bdi dir="rtl">([^<]*)</bdi>', page)
    contexts = [t for t in shown if t not in hits.match.tolist()]
    assert contexts and all(len(t) <= CONTEXT_CHARS + 2 for t in contexts)
    assert any(t.startswith("… ") for t in contexts) and any(t.endswith(" …") for t in contexts)
    assert all(len(v) > CONTEXT_CHARS for v in hits.before.head(3))  # the DataFrame is not changed
    short = kwic(corpus, "غزو", window=2)._repr_html_()
    assert "trimmed" not in short and "…" not in short


def test_instructor_corpus_without_event_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\na,X,الغزو الأمريكي للعراق\nb,Y,عملية عسكرية في العراق\n", encoding="utf-8")
    hits = kwic(framing.load_corpus(path), "العراق")
    assert list(hits.columns) == ["doc_id", "outlet", "before", "match", "after", "start", "end"]
    assert hits.match.tolist() == ["للعراق", "العراق"]


def test_decomposed_text_and_query_find_the_hamza_word(tmp_path):
    # seed 002 (Reuters) writes مسؤول twice and المسؤول once (and مسؤولون, a plural):
    # 3 hits for مسؤول, whether the text or the query is decomposed (NFD, as macOS tools give)
    import csv
    import unicodedata

    seeds = framing.load_corpus()
    text = seeds.loc[seeds.doc_id == "reuters_2023", "text"].item()
    path = tmp_path / "nfd.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["doc_id", "outlet", "text"], ["r", "Reuters", unicodedata.normalize("NFD", text)]])
    corpus = framing.load_corpus(path)
    assert len(kwic(corpus, "مسؤول")) == 3
    assert len(kwic(corpus, unicodedata.normalize("NFD", "مسؤول"))) == 3
    assert sorted(kwic(corpus, "مسؤول").match.map(lambda m: unicodedata.normalize("NFC", m))) == [
        "المسؤول", "مسؤول", "مسؤول"]


@pytest.mark.parametrize("verb, options", [
    ("kwic", {"query": "غزو", "furniture": "yes"}),
    ("tfidf", {"stopwords": "no"}),
    ("terms", {"furniture": 1}),
    ("keyness", {"target": "outlet=Reuters", "stopwords": "no"}),
    ("frame_counts", {"furniture": "False"}),
    ("collocates", {"query": "القوات", "furniture": None}),
])
def test_a_yes_or_no_option_takes_only_true_or_false(corpus, verb, options):
    name, value = next((k, v) for k, v in options.items() if k in ("furniture", "stopwords"))
    with pytest.raises(QueryError, match=rf"The '{name}' parameter of {verb}\(\) must be True or False\. Got {re.escape(repr(value))}"):
        getattr(framing, verb)(corpus, **options)
