"""choices() and choice_hits(): wordings counted by reading the seeds, shares by hand."""

import re

import numpy as np
import pandas as pd
import pytest

from framing import QueryError, normalize
from framing.choices import choice_hits, choices, load_choices
from framing.lexicon import LexiconError


def counts(table, wording):
    rows = table[table.wording == wording]
    return dict(zip(rows.iloc[:, 1], rows.n))


@pytest.fixture(scope="module")
def war(corpus):
    return choices(corpus, "war_2003")


def test_done_when_the_2003_war_is_an_invasion_and_once_an_operation(corpus, war):
    # The issue: on the seeds, the 2003 war is "الغزو" in the AFP-French, AFP-Arabic and Reuters
    # texts and "عملية عسكرية" only once, in AFP Arabic. grep -o غزو: 000 2, 001 1, 002 5.
    assert counts(war, "غزو") == {"AFP-French": 2, "AFP-Arabic": 1, "Reuters": 5, "unknown": 0, "Al-Monitor": 0}
    assert counts(war, "عملية عسكرية") == {"AFP-French": 0, "AFP-Arabic": 1, "Reuters": 0, "unknown": 0,
                                           "Al-Monitor": 0}
    lines = choice_hits(corpus, "war_2003")
    invasion = lines[lines.wording == "غزو"]
    assert set(invasion.outlet) == {"AFP-French", "AFP-Arabic", "Reuters"}
    # الغزو, or للغزو (li + al-): the article is always there but in 002's "قرار غزو العراق"
    assert sorted(normalize(m) for m in invasion.match) == sorted(["الغزو"] * 5 + ["للغزو"] * 2 + ["غزو"])
    op = lines[lines.wording == "عملية عسكرية"]
    assert op[["outlet", "match"]].values.tolist() == [["AFP-Arabic", "عملية عسكرية"]]


def test_shares_by_hand(war):
    w = war.set_index(["outlet", "wording"]).share
    assert w[("AFP-French", "غزو")] == pytest.approx(2 / 3)  # 2 الغزو, 1 هجومها
    assert w[("AFP-French", "هجومها")] == pytest.approx(1 / 3)
    assert w[("AFP-Arabic", "غزو")] == w[("AFP-Arabic", "عملية عسكرية")] == 0.5
    assert w[("Reuters", "غزو")] == 1.0
    assert np.isnan(w[("Al-Monitor", "غزو")])  # no wording of the pair: nothing to share out


def test_columns_and_grid(corpus, war):
    assert list(war.columns) == ["pair", "outlet", "wording", "gloss", "n", "share"]
    assert len(war) == 5 * 4  # every outlet x every wording, used or not
    docs = choices(corpus, "war_2003", by="doc")
    assert list(docs.columns) == ["pair", "doc_id", "outlet", "event", "wording", "gloss", "n", "share"]


def test_hujum_needs_its_pronoun_or_a_wildcard(corpus, war):
    # 000 "شنت القوات الأمريكية هجومها" (the 2003 offensive); 004 "لهجوم مميت" (a 2024 drone attack)
    assert counts(war, "هجومها") == {"AFP-French": 1, "AFP-Arabic": 0, "Reuters": 0, "unknown": 0, "Al-Monitor": 0}
    assert "Al-Monitor" not in set(choice_hits(corpus, "war_2003").outlet)
    bare = {"pairs": [{"id": "war", "name": "War", "wordings": ["غزو", "هجوم"]}]}
    assert choice_hits(corpus, source=bare).query("wording == 'هجوم'").match.tolist() == ["لهجوم"]
    wild = {"pairs": [{"id": "war", "name": "War", "wordings": ["غزو", "هجوم*"]}]}
    assert sorted(choice_hits(corpus, source=wild).query("wording == 'هجوم*'").match) == ["لهجوم", "هجومها"]


def test_is_name_longest_wins(corpus):
    t = choices(corpus, "is_name")
    # داعش: 000 "(داعش)", 003 twice
    assert counts(t, "داعش") == {"AFP-French": 1, "AFP-Arabic": 0, "Reuters": 0, "unknown": 2, "Al-Monitor": 0}
    # grep: 002 has "الدولة الإسلامية" 4 times, 3 of them in "تنظيم الدولة الإسلامية": 4 hits, not 7;
    # 001 "تنظيم الدولة الاسلامية/الإسلامية" 4 times; 004 twice; 000 once
    assert counts(t, "تنظيم الدولة الإسلامية") == {"AFP-French": 1, "AFP-Arabic": 4, "Reuters": 4, "unknown": 0,
                                                    "Al-Monitor": 2}
    lines = choice_hits(corpus, "is_name")
    reuters = lines[(lines.outlet == "Reuters")]
    assert sorted(reuters.term) == ["الدولة الإسلامية"] + ["تنظيم الدولة الإسلامية"] * 3


@pytest.mark.parametrize("pair, wording, expected", [
    # 002 الميليشيات; 004 والميليشيات, الميليشيات x2, للميليشيات, للميليشيا
    ("armed_groups", "ميليشيات", {"Reuters": 1, "Al-Monitor": 5}),
    # 001 فصائل مسلحة, لفصائل (الحشد الشعبي); 004 الفصائل
    ("armed_groups", "فصائل مسلحة", {"AFP-Arabic": 2, "Al-Monitor": 1}),
    ("armed_groups", "الحشد الشعبي", {"AFP-French": 2, "AFP-Arabic": 2}),
    # 000 جهاديي, الجهاديون; 001 الجهاديين x2
    ("is_fighters", "جهاديين", {"AFP-French": 2, "AFP-Arabic": 2}),
    # 002 متشددي, المتشددة
    ("is_fighters", "متشددين", {"Reuters": 2}),
    # 003 الإرهابية
    ("is_fighters", "إرهابيين", {"unknown": 1}),
    # 001 مقتل (Soleimani); 002 مقتل (civilians); 004 مقتل (Gaza)
    ("killing", "مقتل", {"AFP-Arabic": 1, "Reuters": 1, "Al-Monitor": 1}),
    # 000 قتلت; 002 قتلت, قُتل; 004 قتلوا
    ("killing", "قتل", {"AFP-French": 1, "Reuters": 2, "Al-Monitor": 1}),
    ("killing", "اغتيال", {"Al-Monitor": 1}),
    ("troops_leaving", "طرد", {"Al-Monitor": 1}),
])
def test_wordings_read_in_the_seeds(corpus, pair, wording, expected):
    got = {k: v for k, v in counts(choices(corpus, pair), wording).items() if v}
    assert got == expected


def test_counts_are_rows_of_choice_hits(corpus):
    table = choices(corpus)
    lines = choice_hits(corpus)
    assert table.n.sum() == len(lines)
    per = lines.groupby(["pair", "outlet", "wording"]).size()
    used = table[table.n > 0].set_index(["pair", "outlet", "wording"]).n
    assert used.to_dict() == per.to_dict()
    assert list(dict.fromkeys(table.pair)) == ["war_2003", "armed_groups", "is_fighters", "is_name", "killing",
                                               "troops_leaving"]


def test_by_event(corpus):
    t = choices(corpus, "war_2003", by="event").set_index(["event", "wording"]).n
    assert t[("austin_visit_2023", "غزو")] == 8 and t[("troops_dialogue", "غزو")] == 0


def test_student_pairs_as_dict_and_table(corpus):
    mine = {"pairs": [{"id": "war", "name": "The war", "wordings": [
        {"ar": "غزو", "gloss": "invasion"}, {"ar": ["عملية عسكرية", "هجومها"], "gloss": "operation"}]}]}
    table = pd.DataFrame({"pair": ["war"] * 3, "wording": ["غزو", "عملية عسكرية", "عملية عسكرية"],
                          "term": ["غزو", "عملية عسكرية", "هجومها"], "gloss": ["invasion", "operation", "operation"]})
    from_dict = choices(corpus, source=mine)
    pd.testing.assert_frame_equal(from_dict, choices(corpus, source=table))
    ops = from_dict[from_dict.wording == "عملية عسكرية"].set_index("outlet").n
    assert ops.to_dict() == {"AFP-French": 1, "AFP-Arabic": 1, "Reuters": 0, "unknown": 0, "Al-Monitor": 0}


def test_load_choices_table():
    t = load_choices()
    assert list(t.columns) == ["pair", "wording", "term", "gloss", "translit", "note"]
    assert t.attrs["pair_names"]["war_2003"] == "The 2003 war"
    for column in ("gloss", "translit", "note"):
        assert t[column].str.strip().ne("").all()


def raises(match, kind=LexiconError):
    return pytest.raises(kind, match=re.escape(match))


def test_choice_errors(corpus, tmp_path):
    with raises("The 'pair' parameter must be one of 'war_2003', 'armed_groups', 'is_fighters', 'is_name', "
                "'killing', 'troops_leaving', a list of them, or None for all. Got 'war2003' instead. "
                "Did you mean 'war_2003'?", QueryError):
        choices(corpus, "war2003")
    with raises("choices dict, pair 'war': has 1 wording; a pair needs 2 or more to compare."):
        choices(corpus, source={"pairs": [{"id": "war", "name": "War", "wordings": ["غزو"]}]})
    with raises("choices dict, pair 'war', term 'الغزو': is listed twice in this pair"):
        load_choices({"pairs": [{"id": "war", "name": "War", "wordings": ["غزو", {"ar": ["احتلال", "الغزو"]}]}]})
    with raises("choices dict, pair 'war': unknown key 'wordnigs' in a pair: did you mean 'wordings'?"):
        load_choices({"pairs": [{"id": "war", "name": "War", "wordnigs": ["غزو", "احتلال"]}]})
    with raises("'seeds' is the bundled frame lexicon, not a file of lexical-choice pairs"):
        load_choices("seeds")
    path = tmp_path / "pairs.yaml"
    path.write_text("pairs:\n  - id: war\n    name: War\n    wordings:\n      - ar: غزو\n      - ar: war\n",
                    encoding="utf-8")
    with raises(f"{path}, line 6, pair 'war', term 'war': has no Arabic letter."):
        load_choices(path)
    with raises("The 'by' parameter of choices() must be 'doc' or a metadata column of the corpus: 'outlet', ", QueryError):
        choices(corpus, by="source")
