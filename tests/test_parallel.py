"""parallel: two versions of a story side by side. The seed pairs asserted were read in the two texts:
afp_fr_2023#1 and afp_ar_2023#2 are the leads (Austin in Baghdad, the partnership, the 20 years since the
invasion); #13 and #22 the killing of Soleimani and al-Muhandis under Trump; #10 and #24 the prime minister
chosen by a majority close to Iran, whose name the translation engine writes شيا and AFP Arabic شياع."""

import pytest

import framing
from framing.errors import FramingError


def corpus_of(tmp_path, a, b):
    import csv

    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "outlet", "text"])
        w.writerow(["a", "X", "\n".join(a)])
        w.writerow(["b", "Y", "\n".join(b)])
    return framing.load_corpus(path)


def test_the_seed_versions_pair_what_says_the_same(corpus):
    side = framing.parallel(corpus, "afp_fr_2023", "afp_ar_2023")
    pairs = {(a, b) for a, b in zip(side.a_unit, side.b_unit) if a and b}
    assert {("afp_fr_2023#1", "afp_ar_2023#2"), ("afp_fr_2023#13", "afp_ar_2023#22"),
            ("afp_fr_2023#10", "afp_ar_2023#24")} <= pairs
    row = side[side.a_unit == "afp_fr_2023#10"].iloc[0]
    assert "شيا" in row.only_a.split() and "شياع" in row.only_b.split()
    # every paragraph of both texts once, none twice
    assert sorted(u for u in side.a_unit if u) == sorted(f"afp_fr_2023#{i}" for i in range(1, 17))
    assert sorted(u for u in side.b_unit if u) == sorted(f"afp_ar_2023#{i}" for i in range(1, 28))
    assert (side.similarity.dropna() > 0.2).all()


def test_a_moved_paragraph_is_still_paired_and_the_order_kept(tmp_path):
    a = ["وصل الوزير إلى بغداد في زيارة مفاجئة", "قال المسؤول إن المحادثات ستستمر", "قتل ثلاثة جنود في هجوم صاروخي"]
    b = ["قتل ثلاثة جنود في هجوم صاروخي على القاعدة", "ارتفعت أسعار النفط", "وصل الوزير إلى بغداد في زيارة"]
    side = framing.parallel(corpus_of(tmp_path, a, b), "a", "b")
    pairs = [(x, y) for x, y in zip(side.a_unit, side.b_unit)]
    assert ("a#1", "b#3") in pairs and ("a#3", "b#1") in pairs and ("a#2", "") in pairs and ("", "b#2") in pairs
    assert [x for x in side.a_unit if x] == ["a#1", "a#2", "a#3"]  # the first text's order
    row = side[side.a_unit == "a#3"].iloc[0]
    assert row.only_a == "" and row.only_b.split() == ["قاعدة"]  # "on the base": the only word a#3 lacks


def test_mistakes_are_named(corpus):
    with pytest.raises(FramingError, match=r"same document"):
        framing.parallel(corpus, "afp_ar_2023", "afp_ar_2023")
    with pytest.raises(FramingError, match=r"no document 'afp_ar_2024' \(doc_b\); did you mean 'afp_ar_2023'\?"):
        framing.parallel(corpus, "afp_fr_2023", "afp_ar_2024")
