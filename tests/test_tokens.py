"""tokenize(): offsets into the original, harakat inside words, Latin and numbers."""

import re

from framing import tokenize
from framing.tokenizer import token_spans


def test_harakat_and_shadda_do_not_split_a_word():
    # scikit-learn's default token_pattern r"(?u)\b\w\w+\b" splits these
    assert re.findall(r"(?u)\b\w\w+\b", "صدّام") == ["صد", "ام"]
    toks = tokenize("أطاح بصدّام حسين، حالياً")
    assert toks.token.tolist() == ["أطاح", "بصدّام", "حسين", "حالياً"]
    assert toks.norm.tolist() == ["اطاح", "بصدام", "حسين", "حاليا"]


def test_offsets_point_into_the_original_text(seed_text):
    for n in range(5):
        text = seed_text(n)
        toks = tokenize(text)
        assert all(text[s:e] == t for t, s, e in zip(toks.token, toks.start, toks.end))


def test_latin_words_numbers_and_indic_digits_are_tokens():
    toks = tokenize("قُتل ما بين 185000 و 208000 في Camp Adder يوم ٢٣ مارس (٦٠٪)")
    assert toks.token.tolist() == [
        "قُتل", "ما", "بين", "185000", "و", "208000", "في", "Camp", "Adder", "يوم", "٢٣", "مارس", "٦٠",
    ]
    assert toks.norm.tolist()[-3:] == ["23", "مارس", "60"]


def test_punctuation_separates_tokens():
    # Arabic comma, curly quotes, en dash, ellipsis, slash (seed 001 and 002)
    text = "“تعزيز وتوسيع” العلاقة، – كانون الثاني/يناير 2020 … قوات"
    assert [text[s:e] for s, e in token_spans(text)] == [
        "تعزيز", "وتوسيع", "العلاقة", "كانون", "الثاني", "يناير", "2020", "قوات",
    ]


def test_number_with_separators_is_one_token():
    assert tokenize("نحو 1,200 إسرائيلي و٢٫٥ مليون").token.tolist() == ["نحو", "1,200", "إسرائيلي", "و٢٫٥", "مليون"]


def test_first_sentence_of_seed_000(seed_text):
    # counted by reading: (بغداد) وصل وزير الدفاع الأمريكي لويد أوستن إلى بغداد يوم الثلاثاء
    first = seed_text(0).split("“")[0]
    assert tokenize(first).token.tolist() == [
        "بغداد", "وصل", "وزير", "الدفاع", "الأمريكي", "لويد", "أوستن", "إلى", "بغداد", "يوم", "الثلاثاء",
    ]


def test_tokens_of_corpus_leave_furniture_out(corpus):
    import framing

    kept = framing.tokens(corpus)
    full = framing.tokens(corpus, furniture=True)
    reuters = kept[kept.doc_id == "reuters_2023"].token.tolist()
    assert "طومسون" not in reuters and "التحديثات" not in reuters
    assert "طومسون" in full[full.doc_id == "reuters_2023"].token.tolist()
    # almonitor_2024's furniture: "تجاوز إلى المحتوى الرئيسي" (4 tokens) and the English
    # caption, 67 tokens counted by hand ("it's" is two; "2" and "2011" are numbers)
    doc = "almonitor_2024"
    dropped = set(full[full.doc_id == doc].start) - set(kept[kept.doc_id == doc].start)
    assert len(dropped) == 4 + 67
    furniture = full[(full.doc_id == doc) & full.start.isin(dropped)]
    assert furniture.token.str.fullmatch("[A-Za-z]+").sum() == 65
    assert furniture.token.tolist()[:4] == ["تجاوز", "إلى", "المحتوى", "الرئيسي"]


def test_summary_counts_the_furniture_from_the_one_index_the_other_verbs_use(corpus):
    import framing
    import framing.index

    framing.index._CACHE.clear()
    s = framing.summary(corpus).set_index("doc_id")
    # read from the seeds: Reuters' 4 furniture lines (آخر التحديثات, the credit line, إدريس علي,
    # طومسون رويترز) hold 17 tokens, Al-Monitor's 2 (the skip link, the English caption) 71
    assert s.furniture_tokens.to_dict() == {"afp_fr_2023": 0, "afp_ar_2023": 0, "reuters_2023": 17,
                                            "unknown_2021": 0, "almonitor_2024": 71}
    assert [key[1] for key in framing.index._CACHE] == [False]  # no second index with the furniture kept
    full = framing.tokens(corpus, furniture=True).groupby("doc_id").size()
    kept = framing.tokens(corpus).groupby("doc_id").size()
    assert (full - kept).to_dict() == s.furniture_tokens.to_dict()
