"""The framing command line: records, formats, and one-line errors."""

import json
import shutil
import subprocess
import sys

import pytest

from framing.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_corpus_json_has_one_record_per_document(capsys):
    code, out, _ = run(capsys, "corpus", "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 5
    assert set(records[0]) >= {"doc_id", "source_file", "outlet", "event", "date", "machine_translated", "tokens"}
    assert [r["outlet"] for r in records] == ["AFP-French", "AFP-Arabic", "Reuters", "unknown", "Al-Monitor"]
    # 002 has 513 tokens with furniture, 17 of them furniture (counted in tests/test_tokens.py's way)
    assert records[2]["tokens"] == 496


def test_kwic_json_records(capsys):
    code, out, _ = run(capsys, "kwic", "غزو", "--event", "austin_visit_2023", "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 8
    assert set(records[0]) >= {"doc_id", "outlet", "before", "match", "after", "start", "end"}
    assert {r["doc_id"] for r in records} == {"afp_fr_2023", "afp_ar_2023", "reuters_2023"}


def test_kwic_csv_and_exact(capsys):
    code, out, _ = run(capsys, "kwic", "الغزو", "--exact", "--format", "csv", "--window", "2")
    lines = out.strip().split("\n")
    assert code == 0 and lines[0] == "\ufeffdoc_id,outlet,event,before,match,after,start,end"
    assert len(lines) == 1 + 5  # 2 in afp_fr_2023, 3 in reuters_2023 (see test_kwic.py)


UTF8_BOM = b"\xef\xbb\xbf"


def test_csv_starts_with_a_byte_order_mark_for_spreadsheets(capsysbinary):
    assert main(["kwic", "الغزو", "--exact", "--format", "csv", "--window", "2"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(UTF8_BOM + b"doc_id,outlet,event,before,match,after,start,end\n")
    assert out.count(UTF8_BOM) == 1 and "الغزو".encode() in out


def test_no_bom_leaves_the_mark_out(capsysbinary):
    assert main(["kwic", "الغزو", "--exact", "--format", "csv", "--no-bom"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"doc_id,outlet,event,before,match,after,start,end\n") and UTF8_BOM not in out
    # only CSV has a mark to leave out: JSON and the table are unchanged by it
    assert main(["corpus", "--format", "json", "--no-bom"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"[")


def test_pandas_reads_the_csv_with_its_mark(capsysbinary, tmp_path):
    import pandas as pd

    assert main(["kwic", "غزو", "--format", "csv"]) == 0
    path = tmp_path / "hits.csv"
    path.write_bytes(capsysbinary.readouterr().out)
    table = pd.read_csv(path)
    assert list(table.columns) == ["doc_id", "outlet", "event", "before", "match", "after", "start", "end"]
    assert table.match.tolist()[:3] == ["الغزو", "الغزو", "للغزو"]  # as framing.kwic's doctest


def test_csv_is_utf8_whatever_the_terminal_encoding():
    # written as UTF-8 bytes, so that the mark never announces UTF-8 of something else (and Arabic
    # does not fail on a terminal that cannot encode it)
    import os

    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "framing.cli", "kwic", "عملية عسكرية", "--format", "csv"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(UTF8_BOM + b"doc_id,") and "عملية عسكرية".encode() in done.stdout


def test_kwic_sort_takes_the_new_names(capsys):
    code, out, _ = run(capsys, "kwic", "الانسحاب", "--sort", "before1", "--format", "json")
    assert code == 0 and json.loads(out)
    code, out, err = run(capsys, "kwic", "الانسحاب", "--sort", "L1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "argument --sort: invalid choice: 'L1' (choose from " in err
    assert re.search(r"before1'?, '?before2'?, '?after1'?, '?after2", err)  # quoted or not, by Python version


def test_kwic_table_lists_hits(capsys):
    code, out, err = run(capsys, "kwic", "الحشد الشعبي", "--outlet", "afp-arabic")
    assert code == 0 and out.count("AFP-Arabic") == 2 and "2 hit(s)" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["kwic", "غزو", "--outlet", "BBC"], "No document has outlet 'BBC'. The outlets are: AFP-Arabic"),
        (["kwic", " "], "The query is empty"),
        (["kwic", "غزو", "--window", "-2"], "The --window option must be a whole number >= 0. Got -2 instead."),
        (["corpus", "--corpus", "/no/such/corpus"], "/no/such/corpus: no such file or folder."),
    ],
)
def test_user_mistakes_give_one_line_and_status_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_corpus_file_names_the_line(capsys, tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_bytes("doc_id,outlet,text\na,X,غزو\n".encode() + "b,Y,عملية\n".encode("cp1256"))
    code, _, err = run(capsys, "corpus", "--corpus", str(bad))
    assert code == 2 and f"{bad}, line 3: not UTF-8" in err


def test_instructor_corpus_on_the_command_line(capsys, tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "outlet": "X", "text": "الانسحاب من العراق"}\n', encoding="utf-8")
    code, out, _ = run(capsys, "kwic", "انسحاب", "--corpus", str(path), "--format", "json")
    assert code == 0 and json.loads(out)[0]["match"] == "الانسحاب"


def test_console_script_is_installed():
    exe = shutil.which("framing")
    assert exe, "the `framing` command is not on PATH: install the kit with pip install -e ."
    done = subprocess.run([exe, "kwic", "عملية عسكرية", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [r["doc_id"] for r in json.loads(done.stdout)] == ["afp_ar_2023"]
    done = subprocess.run([sys.executable, "-m", "framing.cli", "kwic", ""], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_tfidf_command(capsys):
    code, out, _ = run(capsys, "tfidf", "--by", "event", "--top", "2", "--format", "json")
    records = json.loads(out)
    assert code == 0 and [r["event"] for r in records] == ["austin_visit_2023"] * 2 + ["troops_dialogue"] * 2
    assert [r["rank"] for r in records] == [1, 2, 1, 2]


def test_keyness_command(capsys):
    code, out, _ = run(capsys, "keyness", "--target", "outlet=Reuters", "--reference", "outlet=AFP-French,AFP-Arabic",
                       "--top", "3", "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 6
    assert [r["key"] for r in records] == ["target"] * 3 + ["reference"] * 3
    assert records[-1]["term"] == "تحالف" and records[-1]["n_reference"] == 12  # 000: 4, 001: 8


def test_keyness_command_explains_a_bare_value(capsys):
    code, _, err = run(capsys, "keyness", "--target", "Reuters")
    assert code == 2 and "Did you mean 'outlet=Reuters'?" in err


def test_collocates_command(capsys):
    code, out, _ = run(capsys, "collocates", "الحشد الشعبي", "--window", "3", "--format", "json")
    assert code == 0 and "ثاني" in {r["term"] for r in json.loads(out)}  # الرجل الثاني ... في الحشد الشعبي (000)


@pytest.mark.parametrize("argv", [
    ["plot", "tfidf"], ["plot", "similarity"], ["plot", "keyness", "--target", "event=troops_dialogue"],
    ["plot", "dispersion", "انسحاب"],
])
def test_plot_command_saves_a_png(capsys, tmp_path, argv):
    out = tmp_path / "plot.png"
    code, _, err = run(capsys, *argv, "--out", str(out))
    assert code == 0 and f"saved {out}" in err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_command_errors(capsys, tmp_path):
    code, _, err = run(capsys, "plot", "keyness", "--out", str(tmp_path / "k.png"))
    assert code == 2 and "framing plot keyness: error: the following arguments are required: --target" in err
    assert err.count("\n") == 1  # one line, not the usage block
    code, _, err = run(capsys, "plot", "tfidf", "--out", "/no/such/folder/x.png")
    assert code == 2 and "cannot save the plot to /no/such/folder/x.png" in err


@pytest.mark.parametrize("what", ["frames", "choices"])
def test_plot_by_an_unknown_grouping_is_an_error_not_replaced(capsys, tmp_path, what):
    out = tmp_path / "p.png"
    code, _, err = run(capsys, "plot", what, "--by", "source", "--out", str(out))
    assert code == 2 and not out.exists()
    assert f"framing plot {what}: error: The --by option must be 'doc' or a metadata column of the corpus: " in err
    assert "Got 'source' instead." in err


def test_plot_similarity_by_outlet_plots_outlets(capsys, tmp_path, monkeypatch):
    import framing.plots

    seen = {}
    real = framing.plots.plot_similarity

    def spy(sim, **kw):
        seen["sim"] = sim
        return real(sim, **kw)

    monkeypatch.setattr(framing.plots, "plot_similarity", spy)
    code, _, err = run(capsys, "plot", "similarity", "--by", "outlet", "--out", str(tmp_path / "s.png"))
    # the seeds have five outlets (AFP-Arabic, AFP-French, Al-Monitor, Reuters, unknown), one text each
    assert code == 0 and sorted(seen["sim"].index) == ["AFP-Arabic", "AFP-French", "Al-Monitor", "Reuters", "unknown"]


def test_frames_command(capsys):
    code, out, _ = run(capsys, "frames", "--format", "json")
    records = json.loads(out)
    war = {r["outlet"]: r for r in records if r["frame"] == "war_invasion"}
    # غزو: 2 in AFP-French (478 tokens), 5 in Reuters; none in the event-B texts
    assert war["AFP-French"]["hits"] == 2 and war["AFP-French"]["rate"] == pytest.approx(2 / 478 * 1000)
    assert war["Reuters"]["hits"] == 5 and war["unknown"]["hits"] == 0
    assert all(r["ci_low"] <= r["rate"] <= r["ci_high"] for r in records)


def test_frames_hits_are_kwic_lines(capsys):
    code, out, _ = run(capsys, "frames", "--hits", "--format", "json")
    hits = [r for r in json.loads(out) if r["frame"] == "war_invasion"]
    assert code == 0 and len(hits) == 8 and {r["match"] for r in hits} == {"الغزو", "للغزو", "غزو"}


def test_choices_command(capsys):
    code, out, _ = run(capsys, "choices", "--pair", "war_2003", "--format", "json")
    rows = {(r["outlet"], r["wording"]): r["n"] for r in json.loads(out)}
    assert code == 0 and rows[("AFP-Arabic", "عملية عسكرية")] == 1
    assert sum(n for (o, w), n in rows.items() if w == "عملية عسكرية") == 1
    assert [rows[(o, "غزو")] for o in ("AFP-French", "AFP-Arabic", "Reuters")] == [2, 1, 5]


def test_frames_and_choices_errors(capsys, tmp_path):
    code, _, err = run(capsys, "frames", "--lexicon", str(tmp_path / "none.yaml"))
    assert code == 2 and "none.yaml: no such file" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("frames:\n  - id: x\n    name: X\n    terms: [{ar: 'war', gloss: war}]\n", encoding="utf-8")
    code, _, err = run(capsys, "frames", "--lexicon", str(bad))
    assert code == 2 and "bad.yaml" in err and "no Arabic letter" in err
    code, _, err = run(capsys, "choices", "--pair", "nope")
    assert code == 2 and "Got 'nope' instead" in err


@pytest.mark.parametrize("argv", [
    ["keyness", "--target", "outlet=Reuters", "--top", "-1"],
    ["collocates", "القوات", "--top", "0"],
    ["tfidf", "--top", "-3"],
])
def test_top_is_a_whole_number_of_one_or_more(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert f"The --top option must be a whole number >= 1. Got {int(argv[-1])} instead." in err
    assert err.count("\n") == 1


# ---------------------------------------------------------------- the table of verbs

import inspect  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import framing  # noqa: E402
from framing.cli import VERBS, synopsis  # noqa: E402

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def readme_commands() -> set[str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("framing "):
                lines.append(line)
            elif line.startswith(" ") and lines:
                lines[-1] += " " + line.strip()
    return {" ".join(line.split()) for line in lines}


def test_the_readme_lists_exactly_the_commands_of_the_table():
    table = {synopsis(v) for v in VERBS} | {synopsis(v, plot=True) for v in VERBS if v.plot}
    assert readme_commands() == table


@pytest.mark.parametrize("verb", [v for v in VERBS if v.function], ids=lambda v: v.name)
def test_every_option_fills_a_parameter_of_the_function_it_names(verb):
    func = getattr(framing, verb.function)
    params = set(inspect.signature(func).parameters)
    if "options" in params:  # top_terms passes the rest on to tfidf
        params |= set(inspect.signature(framing.tfidf).parameters)
    for option in verb.options:
        if option.param:
            assert option.param in params, f"{verb.name} {option.flag} fills {option.param!r}, not a parameter"


@pytest.mark.parametrize("verb", [v for v in VERBS if v.reads_corpus], ids=lambda v: v.name)
def test_every_analysis_command_takes_the_corpus_and_a_format(capsys, verb, tmp_path):
    help_text = _help(capsys, verb.name)
    assert "--corpus PATH" in help_text and "--format {table,csv,json}" in help_text and "--no-bom" in help_text


def _help(capsys, *argv):
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_the_dispersion_command_and_filters_on_collocates(capsys):
    code, out, _ = run(capsys, "dispersion", "غزو", "--format", "json")
    rows = json.loads(out)
    # the seeds: غزو 2 in AFP-French, 1 in AFP-Arabic, 5 in Reuters (kwic's doctest); one row per hit
    assert code == 0 and sum(r["match"] is not None for r in rows) == 8
    code, out, _ = run(capsys, "collocates", "القوات", "--outlet", "Reuters", "--format", "json")
    assert code == 0 and json.loads(out)
    code, _, err = run(capsys, "collocates", "القوات", "--outlet", "BBC")
    assert code == 2 and "No document has outlet 'BBC'" in err


def test_a_missing_argument_is_one_line_not_the_usage_block(capsys):
    code, out, err = run(capsys, "kwic")
    assert code == 2 and out == ""
    assert err == "framing kwic: error: the following arguments are required: QUERY (see framing kwic --help)\n"


def test_a_warning_is_one_line_in_the_commands_words(capsys):
    code, out, err = run(capsys, "kwic", "الغزو.")
    assert code == 0 and "الغزو" in out
    assert err.splitlines()[0] == ("framing kwic: warning: The query 'الغزو.' is searched as 'الغزو': punctuation "
                                   "('.') is not part of a word, in the texts' tokens either.")


def test_an_option_that_can_be_none_in_python_is_named_without_it(capsys):
    code, _, err = run(capsys, "frames", "--seed", "-1")
    assert code == 2 and "The --seed option must be a whole number >= 0. Got -1 instead." in err
