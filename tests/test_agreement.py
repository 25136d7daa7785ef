"""Hand coding and agreement: paragraphs, the coding sheet, reading codes, alpha and kappa.

Alpha is checked on Krippendorff's own worked examples (K. Krippendorff, "Computing
Krippendorff's Alpha-Reliability", 2011: section A, two coders and binary data,
alpha = 0.095; section C, four coders, nominal data with missing values, alpha =
0.743), and kappa on the textbook example of Cohen's kappa (50 items: 20 yes/yes, 5
yes/no, 10 no/yes, 15 no/no; p_o = 0.7, p_e = 0.5, kappa = 0.4). Paragraph counts are
the non-empty lines of the seed files (``grep -c . seeds/*.txt``), less the furniture
lines the metadata lists.
"""

import math

import pandas as pd
import pytest

import framing
from conftest import ROOT
from framing.coding import PRIMARY
from framing.errors import FramingError


def tidy(coders: dict, frame="invasion"):
    """{coder: [codes per unit]} -> the tidy codes table; None = not coded."""
    rows = []
    for coder, values in coders.items():
        for i, v in enumerate(values):
            if v is None:
                continue
            if frame == PRIMARY:
                rows.append({"unit": f"u{i + 1}", "coder": coder, "frame": PRIMARY, "present": None, "primary": v})
            else:
                rows.append({"unit": f"u{i + 1}", "coder": coder, "frame": frame, "present": v})
    return pd.DataFrame(rows)


def test_krippendorff_binary_example_two_coders():
    codes = tidy({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    row = framing.agreement(codes).set_index("frame").loc["invasion"]
    assert row.alpha == pytest.approx(0.095, abs=0.0005)  # published
    # by hand: p_o = 6/10; p_e = 0.2 * 0.4 + 0.8 * 0.6 = 0.56; kappa = 0.04 / 0.44
    assert row.agree == pytest.approx(0.6) and row.kappa == pytest.approx(0.04 / 0.44)
    assert (row.units, row.coders) == (10, 2)


def test_krippendorff_nominal_example_four_coders_with_missing_values():
    # categories 1-5 as primary frames; "." (not coded) as None
    data = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]}
    codes = tidy({c: [None if v is None else f"frame{v}" for v in vs] for c, vs in data.items()}, PRIMARY)
    row = framing.agreement(codes).set_index("frame").loc[PRIMARY]
    assert row.alpha == pytest.approx(0.743, abs=0.0005)  # published
    # unit 12 has one code only: 11 units pairable; all coders agree on units 1, 3, 4, 5, 7, 9, 10, 11
    assert row.units == 11 and row.agree == pytest.approx(8 / 11)
    assert math.isnan(row.kappa)  # four coders: no Cohen's kappa


def test_cohens_kappa_textbook_example():
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    codes = tidy({"A": [v == "yes" for v in a], "B": [v == "yes" for v in b]})
    row = framing.agreement(codes).iloc[0]
    assert row.kappa == pytest.approx(0.4) and row.agree == pytest.approx(0.7)
    table = framing.confusion(codes, "invasion")
    assert table.loc["True", "True"] == 20 and table.loc["True", "False"] == 5
    assert table.loc["False", "True"] == 10 and table.loc["False", "False"] == 15


def test_disagreements_list_what_to_read():
    codes = tidy({"amal": [1, 0, 1, None], "badr": [1, 1, 0, 1]})
    out = framing.disagreements(codes)
    assert out.unit.tolist() == ["u2", "u3"] and out.frame.tolist() == ["invasion", "invasion"]
    assert out.amal.tolist() == [False, True] and out.badr.tolist() == [True, False]


def test_a_list_of_coders_files_is_one_table(tmp_path):
    a, b = tmp_path / "amal.csv", tmp_path / "badr.csv"
    a.write_text("unit,coder,invasion\nu1,amal,1\nu2,amal,0\n", encoding="utf-8")
    b.write_text("unit,coder,invasion\nu1,badr,1\nu2,badr,1\n", encoding="utf-8")
    row = framing.agreement([a, b]).iloc[0]
    assert (row.units, row.agree) == (2, 0.5)
    assert framing.disagreements([a, b]).unit.tolist() == ["u2"]
    with pytest.raises(FramingError, match=r"give the codes"):
        framing.agreement([])


def test_a_frame_nobody_saw_has_no_alpha_and_says_why():
    row = framing.agreement(tidy({"A": [0, 0, 0], "B": [0, 0, 0]})).iloc[0]
    assert row.agree == 1.0 and math.isnan(row.alpha) and "undefined" in row.note


@pytest.mark.parametrize("coders, message", [
    ({"A": [1, 0]}, r"agreement needs two coders or more; the codes have A"),
])
def test_agreement_errors(coders, message):
    with pytest.raises(FramingError, match=message):
        framing.agreement(tidy(coders))
    with pytest.raises(FramingError, match=r"no coder 'Z' in the codes \(its coders: A, B\)"):
        framing.agreement(tidy({"A": [1], "B": [1]}), coders=["A", "Z"])
    with pytest.raises(FramingError, match=r"give two coders"):
        framing.confusion(tidy({"A": [1], "B": [1], "C": [0]}), "invasion")


# ---------------------------------------------------------------------------
# paragraphs and the coding sheet


def test_paragraphs_are_the_non_empty_lines_furniture_out(corpus):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    lines = [sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip()) for p in seeds]
    assert lines == [16, 27, 23, 11, 20]  # grep -c . seeds/*.txt
    every = framing.paragraphs(corpus, furniture=True).groupby("doc_id", sort=False).size().tolist()
    assert every == lines
    paras = framing.paragraphs(corpus)
    sizes = paras.groupby("doc_id", sort=False).size()
    # Reuters: 4 furniture lines; Al-Monitor: 2
    assert sizes["reuters_2023"] == 19 and sizes["almonitor_2024"] == 18
    text = dict(zip(corpus.doc_id, corpus.text))
    for row in paras.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text and row.unit == f"{row.doc_id}#{row.paragraph}"
    # numbers as printed, furniture or not: Reuters' furniture is its 7th line (آخر التحديثات, "latest
    # updates", a web page's label) and its last three (the credit: reporter, editor, Thomson Reuters)
    reuters = set(paras[paras.doc_id == "reuters_2023"].paragraph)
    assert set(range(1, 24)) - reuters == {7, 21, 22, 23}


def test_the_coding_sheet_is_reproducible_and_names_a_wrong_frame(corpus):
    a = framing.coding_sheet(corpus, n=5, seed=3, frames=["war_invasion", "militias"], coder="amal")
    b = framing.coding_sheet(corpus, n=5, seed=3, frames=["war_invasion", "militias"], coder="badr")
    assert a.unit.tolist() == b.unit.tolist() and len(set(a.unit)) == 5
    assert a.unit.tolist() != framing.coding_sheet(corpus, n=5, seed=4).unit.tolist()
    assert list(a.columns) == ["unit", "doc_id", "paragraph", "text", "coder", "war_invasion", "militias", "primary"]
    assert len(framing.coding_sheet(corpus, n=10_000)) == 16 + 27 + 19 + 11 + 18  # every paragraph, once
    with pytest.raises(FramingError, match=r"has no frame 'war_invason' \(did you mean 'war_invasion'\?\)"):
        framing.coding_sheet(corpus, frames=["war_invason"])


def test_read_codes_takes_a_filled_sheet_and_saved_csv(corpus, tmp_path):
    sheet = framing.coding_sheet(corpus, n=4, seed=0, frames=["war_invasion", "militias"], coder="amal")
    sheet["war_invasion"] = ["1", "yes", "", "نعم"]
    sheet["militias"] = ["0", "x", "لا", ""]
    sheet["primary"] = ["war_invasion", "", "", "none"]
    path = tmp_path / "codes_amal.csv"
    sheet.to_csv(path, index=False)
    codes = framing.read_codes(path, lexicon="seeds")
    present = codes[codes.frame != PRIMARY]
    assert present.present.tolist() == [True, False, True, True, False, False, True, False]
    assert codes[codes.frame == PRIMARY].primary.tolist() == ["war_invasion", "none"]


def test_read_codes_names_the_line_and_value_at_fault(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("unit,coder,war_invasion\nu1,amal,1\nu2,amal,maybe\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"codes.csv, line 3: 'maybe' in war_invasion \(unit u2\): write 1"):
        framing.read_codes(path)
    path.write_text("unit,coder,war_invasion\nu1,amal,1\nu1,amal,0\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"line 3: amal coded war_invasion of u1 already on .*line 2"):
        framing.read_codes(path)
    path.write_text("unit,coder,war_invason\nu1,amal,1\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"'war_invason' is not a frame of the lexicon \(did you mean "
                                           r"'war_invasion'\?\)"):
        framing.read_codes(path, lexicon="seeds")
    path.write_text("unit,coder,war_invasion,primary\nu1,amal,1,militias\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"the primary frame 'militias' of u1 is not one of the frames coded"):
        framing.read_codes(path)
    path.write_text("unit,war_invasion\nu1,1\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"no coder column"):
        framing.read_codes(path)
    path.write_bytes("unit,coder,war_invasion\nu1,أمل,1\n".encode("cp1256"))
    with pytest.raises(FramingError, match=r"codes.csv, line 2: not UTF-8"):
        framing.read_codes(path)


def test_rows_not_coded_yet_are_left_out():
    sheet = pd.DataFrame({"unit": ["u1", "u2"], "coder": ["amal", "amal"], "war_invasion": ["1", ""],
                          "primary": ["", ""]})
    assert framing.read_codes(sheet).unit.tolist() == ["u1"]


def test_the_coding_form_saves_every_step_and_resumes(corpus, tmp_path):
    sheet = framing.coding_sheet(corpus, n=3, seed=2, frames=["war_invasion", "militias"], coder="amal")
    path = tmp_path / "رموز.csv"
    form = framing.coding_form(sheet, path)
    assert form.back.disabled and "Paragraph 1 of 3" in form.title.value
    assert 'dir="rtl"' in form.text.value and sheet.text[0][:20] in form.text.value
    form.boxes["war_invasion"].value = True
    form.primary.value = "war_invasion"
    form.next.click()
    form.boxes["militias"].value = True
    form.next.click()
    assert "2 of 3 coded" in form.status.value and "Paragraph 3 of 3" in form.title.value
    codes = framing.read_codes(path)
    got = {(u, f): p for u, f, p in zip(codes.unit, codes.frame, codes.present) if f != PRIMARY}
    assert got == {(sheet.unit[0], "war_invasion"): True, (sheet.unit[0], "militias"): False,
                   (sheet.unit[1], "war_invasion"): False, (sheet.unit[1], "militias"): True}
    assert codes[codes.frame == PRIMARY].primary.tolist() == ["war_invasion"]
    # the kernel restarts: the same call starts from the file, nothing lost
    again = framing.coding_form(sheet, path)
    assert again.sheet.war_invasion.tolist()[:2] == ["1", "0"]
    assert again.at == 2 and "Paragraph 3 of 3" in again.title.value  # where the student stopped
    again.back.click()  # back to paragraph 2, which shows its saved codes
    assert again.boxes["militias"].value and not again.boxes["war_invasion"].value
    # Previous on a paragraph not changed saves nothing: paragraph 3 stays uncoded
    again.next.click()
    again.back.click()
    codes = framing.read_codes(path)
    assert sheet.unit[2] not in set(codes.unit)
    with pytest.raises(FramingError, match=r"was coded for the frames war_invasion, militias, this sheet has"):
        framing.coding_form(framing.coding_sheet(corpus, n=3, seed=2, frames=["war_invasion"]), path)
    framing.coding_form(sheet.assign(note=""), path)  # a column of the student's own is no frame: fine
    other = framing.coding_sheet(corpus, n=3, seed=9, frames=["war_invasion", "militias"])
    with pytest.raises(FramingError, match=r"holds other paragraphs than this sheet"):
        framing.coding_form(other, path)
    with pytest.raises(FramingError, match=r"give the sheet coding_sheet\(\) made"):
        framing.coding_form(corpus, tmp_path / "x.csv")


def test_without_ipywidgets_the_form_says_what_to_do(corpus, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # as in the JupyterLite site
    sheet = framing.coding_sheet(corpus, n=2, frames=["war_invasion"])
    shown = framing.coding_form(sheet, tmp_path / "c.csv")  # shown, not raised: Run All goes on
    assert "needs ipywidgets" in repr(shown) and "sheet.loc[0, 'war_invasion'] = 1" in shown._repr_html_()
    assert shown.sheet is sheet and not (tmp_path / "c.csv").exists()


def test_the_example_coding_that_ships_is_of_the_notebooks_sample(corpus):
    from conftest import ROOT

    codes = framing.read_codes(ROOT / "data" / "coding" / "seeds_example.csv", lexicon="seeds")
    sheet = framing.coding_sheet(corpus, n=16, seed=5, frames=["war_invasion", "presence", "withdrawal",
                                                                 "iran_influence"])
    assert sorted(set(codes.unit)) == sorted(sheet.unit) and set(codes.coder) == {"kit example"}


def test_a_shipped_coding_is_read_by_name_and_a_wrong_name_lists_them():
    assert set(framing.read_codes("seeds_example").coder) == {"kit example"}
    with pytest.raises(FramingError, match=r"no such file of codes \(the kit ships: seeds_example\)"):
        framing.read_codes("seeds_exampel")


def test_spreadsheet_habits_in_a_saved_sheet(tmp_path):
    path = tmp_path / "excel.csv"
    # semicolons, "1.0" for 1, empty trailing columns, a primary frame whose box was left empty
    path.write_text("unit;coder;war_invasion;presence;primary;;\nu1;amal;1.0;0.0;;;\nu2;amal;;;presence;;\n",
                    encoding="utf-8")
    codes = framing.read_codes(path)
    got = {(u, f): p for u, f, p in zip(codes.unit, codes.frame, codes.present) if f != PRIMARY}
    assert got == {("u1", "war_invasion"): True, ("u1", "presence"): False, ("u2", "war_invasion"): False,
                   ("u2", "presence"): True}
    path.write_text("unit,coder,war_invasion,\nu1,amal,1,x\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"a column with no name holds values"):
        framing.read_codes(path)
    with pytest.raises(FramingError, match=r"must be a table \(a DataFrame\), the path of a CSV"):
        framing.read_codes(5)


def test_a_primary_frame_only_one_coder_used_on_a_unit_alone_is_counted_not_a_crash():
    a = pd.DataFrame({"unit": ["p1", "p2", "p3"], "coder": "A", "f": [1, 0, 1], "g": [0, 0, 1],
                      "primary": ["f", "f", "g"]})
    b = pd.DataFrame({"unit": ["p1", "p2"], "coder": "B", "f": [1, 0], "g": [0, 0], "primary": ["f", "none"]})
    row = framing.agreement([a, b]).set_index("frame").loc[PRIMARY]
    # p1 f/f, p2 f/none; p3 (g) is A's alone: 2 pairable units, agreeing on one
    assert (row.units, row.agree) == (2, 0.5)


def test_each_coder_once_and_named():
    a = tidy({"A": [1, 0]})
    with pytest.raises(FramingError, match=r"the coder 'A' is in table 1 of the list and in table 2 of the list"):
        framing.agreement([a, tidy({"A": [0, 0]}), tidy({"B": [1, 1]})])
    nameless = tidy({"": [1, 0]})
    with pytest.raises(FramingError, match=r"has rows with no coder's name"):
        framing.agreement([nameless, tidy({"B": [1, 1]})])
