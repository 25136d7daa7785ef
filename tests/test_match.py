"""Clitic-aware matching: positive cases from the seeds and look-alikes."""

import re

import pytest

import framing
from conftest import ROOT
from framing import QueryError, clitic_forms, matches
from framing.match import parse_query


@pytest.mark.parametrize(
    "token, query",
    [
        ("للإطاحة", "الإطاحة"),  # ل + ال written لل (002, 004)
        ("للإطاحة", "إطاحة"),
        ("للغزو", "الغزو"),  # 001, 002
        ("للغزو", "غزو"),
        ("الغزو", "غزو"),  # article in the text only
        ("غزو", "الغزو"),  # article in the query only
        ("بالانسحاب", "انسحاب"),  # ب + ال (002)
        ("وانسحاب", "الانسحاب"),  # و (003)
        ("انسحابًا", "انسحاب"),  # tanween alef (004)
        ("والسيادة", "سيادة"),  # و + ال (001)
        ("وسيادة", "السيادة"),  # 000, 002
        ("فالجهاديون", "جهاديون"),  # ف + ال
        ("كجزء", "جزء"),  # ك (000)
        ("لمحاربة", "محاربة"),  # ل (000)
        ("وللإطاحة", "الإطاحة"),  # و + لل
        ("الامریکیة", "الأمريكية"),  # Farsi letters in the text (003)
        ("الالتزام", "التزام"),  # a word whose own letters start with ال
        ("هجومها", "هجوم*"),  # wildcard for a pronoun suffix (000)
    ],
)
def test_clitic_matches(token, query):
    assert matches(token, query)


@pytest.mark.parametrize(
    "token, query",
    [
        ("مسلم", "سلم"),  # م is not a clitic
        ("غزوة", "غزو"),  # ة is not a suffix the rule strips
        ("هجومها", "هجوم"),  # pronoun suffixes are not stripped
        ("تعمل", "عمل"),  # verb prefix ت (001)
        ("عملية", "عمل"),
        ("انسحبوا", "انسحاب"),  # the verb (003)
        ("السحاب", "انسحاب"),  # ISRI merges these two
        ("الأمريكيين", "الأمريكية"),
        ("لال" + "غزو", "غزو"),  # ل + ال is spelled لل, never لال
    ],
)
def test_no_look_alike_hits(token, query):
    assert not matches(token, query)


def test_exact_mode_needs_the_word_itself():
    assert matches("الإطاحة", "الاطاحة", mode="exact")  # normalised on both sides
    assert not matches("للإطاحة", "الإطاحة", mode="exact")
    assert not matches("الغزو", "غزو", mode="exact")


def test_regex_mode_matches_whole_normalised_tokens():
    assert matches("الأمريكية", "ال(ا|أ)مر[يی]كية", mode="regex")
    assert not matches("الأمريكيين", "الامريكي", mode="regex")  # fullmatch, not search


def test_clitic_forms_lists_the_spellings_a_student_can_check():
    forms = clitic_forms("غزو")
    for form in ["غزو", "الغزو", "للغزو", "بالغزو", "والغزو", "فللغزو", "غزوا"]:
        assert form in forms
    assert "لالغزو" not in forms and "غزوة" not in forms


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "The query is empty"),
        ("   ", "The query is empty"),
        ("،", "has no letter or digit"),
        ("*", "has no letter or digit"),
    ],
)
def test_bad_queries_are_named(query, message):
    with pytest.raises(QueryError, match=message):
        matches("غزو", query)


def test_bad_mode_and_regex_are_named():
    with pytest.raises(QueryError, match=re.escape("The 'mode' parameter of matches() must be one of 'clitic', 'exact', 'regex'. Got 'stem' instead.")):
        matches("غزو", "غزو", mode="stem")
    with pytest.raises(QueryError, match="not a valid regular expression"):
        matches("غزو", "غزو(", mode="regex")
    with pytest.raises(QueryError, match="has 2 words"):
        matches("غزو", "عملية عسكرية")


# ---------------------------------------------------------------- regular expressions that could hang


def test_nested_repeats_do_not_hang(tmp_path):
    # Python's re backtracks exponentially on (ا+)+$ against a long run of alef followed by
    # another letter (seconds at 30 letters, minutes at 41); the regex package does not.
    import regex

    from framing.match import parse_query

    (matcher,) = parse_query("(ا+)+$", mode="regex")
    assert isinstance(matcher.regex, regex.Pattern)
    assert matcher("ا" * 60 + "ب") is False and matcher("ا" * 60) is True


def test_a_pattern_too_slow_even_for_regex_is_stopped_and_named():
    from framing.match import REGEX_SECONDS, parse_query

    (matcher,) = parse_query("(ا|اا)+ب?ج", mode="regex")  # alternation inside a repeat: exponential
    with pytest.raises(QueryError, match=rf"'\(ا\|اا\)\+ب\?ج' took more than {REGEX_SECONDS} s on the token"):
        matcher("ا" * 60 + "ب")


def test_an_invalid_pattern_is_named():
    with pytest.raises(QueryError, match=r"'\(ا' is not a valid regular expression"):
        framing.kwic(framing.load_corpus(), "(ا", mode="regex")


# ---------------------------------------------------------------- a query copied with its punctuation


@pytest.mark.parametrize("typed, plain, hits", [
    ("الغزو.", "الغزو", 8),      # غزو, with its article or not: 1 + 2 + 5 in AFP-Arabic, AFP-French, Reuters
    ("الغزو،", "الغزو", 8),
    ("“لتأكيد", "لتأكيد", 1),    # seed 000: “لتأكيد, opening a quotation (التأكيد is another word)
    ("(رويترز)", "رويترز", 2),   # seed 002: (رويترز) in the dateline, رويترز in the credit line
])
def test_a_query_copied_with_its_punctuation_is_searched_without_it_and_says_so(typed, plain, hits):
    corpus = framing.load_corpus()
    with pytest.warns(framing.match.QueryWarning, match=rf"searched as '{plain}': punctuation"):
        found = framing.kwic(corpus, typed, furniture=True)
    assert len(found) == hits


def test_words_run_together_by_punctuation_are_two_words_as_in_a_text():
    from framing.match import parse_query

    with pytest.warns(framing.match.QueryWarning):
        assert [m.word for m in parse_query("عملية،عسكرية")] == ["عملية", "عسكرية"]
    assert [m.word for m in parse_query("هجوم*")] == ["هجوم*"]  # the wildcard is kept


def test_the_query_splitter_cuts_a_text_as_the_tokenizer_does():
    from framing.match import _QUERY_TOKEN
    from framing.tokenizer import TOKEN_PATTERN

    for text in framing.load_corpus()["text"]:
        assert _QUERY_TOKEN.findall(text.replace("*", "")) == TOKEN_PATTERN.findall(text.replace("*", ""))


@pytest.mark.parametrize("term", ["غزو+", "(غزو", "الغزو،", "غزو.*"])
def test_a_lexicon_term_with_punctuation_is_refused_in_clitic_mode_naming_it(term):
    lexicon = {"name": "mine", "frames": [{"id": "war", "name": "War", "terms": [term]}]}
    with pytest.raises(QueryError, match=rf"The term '{re.escape(term)}' \(in 'war'\) of the lexicon dict holds "
                                         "punctuation"):
        framing.frame_hits(framing.load_corpus(), lexicon)


# ---------------------------------------------------------------- taa marbuta


def test_a_wildcard_after_taa_marbuta_finds_the_word_before_a_suffix():
    # شراكة "partnership", read in the seeds: الشراكة x2 (000); الشراكة, شراكتنا x2 (001);
    # الشراكة, بشراكة (002); شراكة, شراكتنا (003); شراكة x2 (004): 11 (إشراك in 003 is another word)
    hits = framing.kwic(framing.load_corpus(), "شراكة*")
    assert len(hits) == 11
    assert sorted(hits.match.str.rstrip("”.")) == sorted(
        ["الشراكة"] * 4 + ["شراكتنا"] * 3 + ["بشراكة"] + ["شراكة"] * 3)
    assert matches("شراكتنا", "شراكة*") and not matches("شراكت", "شراكة*")


def test_plurals_with_a_shorter_stem_and_the_look_alike_they_bring():
    # مسؤول "official": مسؤول x2, المسؤول, مسؤولون x2, المسؤولون, مسؤولين, المسؤولين x4 = 11 uses of the noun;
    # مسؤول* also finds مسؤوليتها (001, "its responsibility"), another word
    hits = framing.kwic(framing.load_corpus(), "مسؤول*")
    assert len(hits) == 12 and (hits.match == "مسؤوليتها").sum() == 1


def test_fold_taa_finds_the_word_typed_with_heh():
    # مشتركة "joint": المشتركة (000), مشتركة” and مشتركه, typed with ه (001), المشتركة (003),
    # مشتركة, المشتركة, مشتركة (004): 7, of which 6 without folding
    corpus = framing.load_corpus()
    assert len(framing.kwic(corpus, "مشتركة")) == 6
    folded = framing.kwic(corpus, "مشتركة", fold_taa=True)
    assert len(folded) == 7 and "مشتركه" in set(folded.match)
    counts = framing.terms(corpus, fold_taa=True)
    assert counts.loc[(counts.doc_id == "afp_ar_2023") & (counts.term == "مشتركه"), "n"].item() == 2
    with pytest.raises(QueryError, match=re.escape("The 'fold_taa' parameter of kwic() must be True or False")):
        framing.kwic(corpus, "مشتركة", fold_taa="yes")


# ---------------------------------------------------------------- look-alikes


@pytest.mark.parametrize("query, token", [
    ("زير", "وزير"), ("زير", "ووزير"), ("سوري", "سوريا"), ("سوري", "وسوريا"), ("روسي", "روسيا"),
    ("تركي", "تركيا"), ("ليبي", "ليبيا"), ("أن", "كان"), ("أن", "وكان"), ("أن", "أنا"), ("ما", "كما"),
    ("ما", "لما"), ("كم", "كما"), ("عد", "بعد"), ("لد", "ولد"), ("لد", "بلد"), ("ذي", "الذي"), ("قت", "وقت"),
    ("ين", "بين"), ("كن", "لكن"), ("كن", "ولكن"), ("ضلا", "فضلا"),
])
def test_a_word_that_only_looks_like_clitics_and_the_query_is_not_a_hit(query, token):
    assert not matches(token, query)


@pytest.mark.parametrize("query, token", [
    ("قوات", "والقوات"), ("غزو", "للغزو"), ("بغداد", "وبغداد"), ("انسحاب", "بالانسحاب"), ("سوري", "والسوري"),
    ("تركي", "التركي"), ("روسي", "الروسي"), ("عن", "وعن"), ("أن", "بأن"), ("أن", "وأن"), ("من", "ومن"),
    ("وزير", "الوزير"), ("سوريا", "وسوريا"), ("انسحاب", "انسحابا"),
])
def test_real_clitic_forms_are_still_hits(query, token):
    assert matches(token, query)


def test_look_alikes_in_the_seeds_are_gone_and_ordinary_queries_keep_every_hit():
    corpus = framing.load_corpus()
    # the seeds write وزير 7 times (and الوزير, ووزير once each), بعد 18, الذي 17 and والذي once,
    # بين 23, وقت 4: none is a hit of its look-alike
    for query in ("زير", "عد", "ذي", "ين", "قت"):
        assert len(framing.kwic(corpus, query)) == 0, query
    assert len(framing.kwic(corpus, "وزير")) == 9
    # أن: 22 أن, 10 إن and their clitic forms are hits; كان, وكان and أنا are not
    hits = framing.kwic(corpus, "أن")
    assert not {"كان", "وكان", "أنا"} & set(hits.match) and (hits.match == "أن").sum() == 22
    # سوري: the seeds say سوريا three times and وسوريا twice, never "Syrian"
    assert len(framing.kwic(corpus, "سوري")) == 0 and len(framing.kwic(corpus, "سوريا")) == 5


def test_the_stopword_part_of_the_lookalike_list_is_the_installed_packages():
    from conftest import script

    module = script(ROOT / "data" / "make_lookalikes.py")
    listed = {(w, s) for s, words in framing.match.lookalikes().items() for w in words}
    assert set(module.from_stopwords()) <= listed


def test_look_alikes_on_a_corpus_of_our_own(tmp_path):
    text = ("وزير الخارجية زار سوريا وتركيا وروسيا. قال الوزير إن القوات السورية والتركية كانت هناك بعد الهجوم. "
            "أنا لا أعرف ما الذي حدث بين البلدين، لكن الوقت قصير وللقوات دور.")
    path = tmp_path / "c.csv"
    path.write_text(f"doc_id,outlet,text\na,X,{text}\n", encoding="utf-8")
    corpus = framing.load_corpus(path)
    # read off the sentence: وزير and الوزير are the minister; سوريا, تركيا, روسيا countries; إن is أن
    # spelt with hamza below; القوات and وللقوات forms of قوات; the rest are look-alikes of the query
    expected = {"زير": 0, "وزير": 2, "سوري": 0, "سوريا": 1, "تركي": 0, "روسي": 0, "أن": 1, "ما": 1, "عد": 0,
                "ين": 0, "قت": 0, "كن": 0, "ذي": 0, "قوات": 2, "بعد": 1, "لكن": 1}
    got = {q: len(framing.kwic(corpus, q)) for q in expected}
    assert got == expected


@pytest.mark.parametrize("query, token", [
    ("زير*", "وزيرة"), ("زير*", "وزير"), ("ان*", "كانت"), ("ان*", "كانوا"), ("ان*", "وكان"), ("ان*", "كانون"),
    ("ان*", "الآن"), ("عد*", "بعدها"), ("ين*", "بينهما"),
])
def test_a_wildcard_keeps_out_the_same_look_alikes(query, token):
    assert not matches(token, query)


@pytest.mark.parametrize("query, token", [
    ("وزير*", "ووزيرة"), ("ان*", "الانتخابات"), ("ان*", "بالانسحاب"), ("قوات*", "بقواتنا"), ("شراكة*", "شراكتنا"),
    ("هجوم*", "لهجومها"), ("مسؤول*", "والمسؤولين"),
])
def test_a_wildcard_still_takes_real_clitics(query, token):
    assert matches(token, query)


def test_wildcards_on_the_seeds_lose_only_the_look_alikes():
    corpus = framing.load_corpus()
    # the seeds write وزير 7 times, وزيرة once, ووزير once, الوزير once, الوزيرة once
    assert len(framing.kwic(corpus, "زير*")) == 0 and len(framing.kwic(corpus, "وزير*")) == 11
    hits = set(framing.kwic(corpus, "ان*").match)
    assert not {"كان", "كانت", "كانوا", "كانون", "وكان", "وكانت", "الآن"} & hits
    assert {"الانتخابات", "بالانسحاب", "انسحاب", "والانتقال"} <= hits


@pytest.mark.parametrize("token, query, says", [
    ("وللغزو", "غزو", 'a hit of \'غزو\': و (wa-, "and") + لل (li- + al-, "for the") + غزو.'),
    ("وزير", "زير", "not a hit of 'زير': it could be read و + زير, but وزير is a word of its own"),
    ("كانت", "ان*", "it could be read ك + انت, but كان is a word of its own"),
    ("سوريا", "سوري", "it could be read سوري + ا, but سوريا is a word of its own"),
    ("هجومها", "هجوم", "(a wildcard, 'هجوم*', also finds longer words)"),
    ("شراكتنا", "شراكة*", "is a hit of 'شراكة*': its own letters fit, no clitic."),
])
def test_explain_match_says_which_clitics_or_which_look_alike(token, query, says):
    assert says in framing.explain_match(token, query)


def test_explain_match_agrees_with_matches_on_every_seed_token():
    corpus = framing.load_corpus()
    tokens = sorted(set(framing.tokens(corpus).token))
    for query in ("أن", "زير", "قوات", "ان*", "غزو", "سوري"):
        for token in tokens:
            said = framing.explain_match(token, query)
            assert (" is a hit of " in said) == matches(token, query), (token, query, said)


def test_one_article_rule_for_queries_lexicon_terms_and_term_counts():
    # the article goes only when three letters are left: الله ("God") is not ال + له ("for him"),
    # آلاف ("thousands") not ال + اف
    assert not matches("له", "الله") and not matches("اف", "الآلاف")
    assert matches("للغزو", "الغزو") and matches("غزو", "الغزو")
    from framing.lexfile import same_term_key
    from framing.terms import term

    assert [term(w) for w in ("الله", "والله", "الاف", "وللغزو")] == ["الله", "والله", "الاف", "غزو"]
    assert same_term_key("الله") != same_term_key("له") and same_term_key("الغزو") == same_term_key("غزو")


def test_a_wildcard_with_the_article_keeps_out_the_same_look_alikes():
    corpus = framing.load_corpus()
    # الزير* is زير* with the article (الغزو and غزو find the same tokens): وزيرة is no hit of either
    assert len(framing.kwic(corpus, "الزير*")) == len(framing.kwic(corpus, "زير*")) == 0
    assert not {"كان", "كانت", "كانوا", "وكان"} & set(framing.kwic(corpus, "الان*").match)


@pytest.mark.parametrize("token, query", [
    ("الله", "له"), ("والله", "له"),     # no article on a two-letter word: الله ("God") is not ال + له
    ("باشا", "اش"),                      # listed under اشا: not ب + اش + a tanween alef either
])
def test_more_look_alikes_are_not_hits(token, query):
    assert not matches(token, query)


def test_look_alikes_hold_with_taa_marbuta_folded():
    # بحيرة ("lake") is not ب + حيرة ("confusion"), whether or not ة and ه are folded
    assert not parse_query("حيرة")[0]("بحيرة")
    assert not parse_query("حيرة", fold_taa=True)[0]("بحيره")


def test_explain_match_names_the_reading_the_matcher_takes():
    assert "it could be read ب + ينا, but بينا is a word of its own" in framing.explain_match("بينا", "ين*")
    said = framing.explain_match("عمليةا", "عملية")
    assert "is not a hit" in said and "could be read" not in said
