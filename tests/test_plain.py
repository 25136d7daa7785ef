"""Plain data out of the sandbox, and the tests run on it: the trusted half of grading."""

import json
import math
import zipfile

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.grading.checks import (
    score_answers, called_names, load_questions, natural_key, needed_names, run_case,
)
from framing.grading.plain import NotPlain, PlainDataError, decode, decode_names, encode, encode_names


@pytest.mark.parametrize("value, expected", [
    (None, ["none"]),
    (True, ["bool", True]),
    (0, ["int", "0"]),
    (-12, ["int", "-12"]),
    (10**30, ["int", "1000000000000000000000000000000"]),
    (0.1, ["float", "0.1"]),
    (-0.0, ["float", "-0.0"]),
    (float("inf"), ["float", "inf"]),
    ("غزو", ["str", "غزو"]),
    ((1, "a"), ["tuple", [["int", "1"], ["str", "a"]]]),
    ([], ["list", []]),
    ({"k": [None]}, ["dict", [[["str", "k"], ["list", [["none"]]]]]]),
    ({(1, 2): 3}, ["dict", [[["tuple", [["int", "1"], ["int", "2"]]], ["int", "3"]]]]),
    (..., ["ellipsis"]),
])
def test_encode_gives_the_documented_form(value, expected):
    assert encode(value) == expected


def test_round_trip_keeps_exact_types():
    value = {"s": {1, 2}, "f": frozenset({"x"}), "t": (1.5, False), "l": [None, ...], 3: "three"}
    back = decode(json.loads(json.dumps(encode(value))))
    assert back == value
    assert type(back["s"]) is set and type(back["f"]) is frozenset and type(back["t"]) is tuple
    assert type(back["t"][1]) is bool and type(back[3]) is str
    nan = decode(encode(float("nan")))
    assert type(nan) is float and math.isnan(nan)


def test_anything_but_exact_builtins_is_named_not_sent():
    import numpy as np

    class Sly(int):
        def __eq__(self, other):
            return True

    assert encode(np.int64(5)) == ["other", "numpy.int64"]
    assert encode(Sly(5))[0] == "other" and encode(Sly(5))[1].endswith("Sly")
    assert encode(pd.Series([1]))[0] == "other"
    assert encode(lambda: 5)[0] == "other"
    stand_in = decode(encode(np.int64(5)))
    assert isinstance(stand_in, NotPlain) and stand_in != 5 and repr(stand_in) == "<not plain data: numpy.int64>"


def test_a_dataframe_travels_as_records():
    frame = pd.DataFrame({"outlet": ["Reuters", "AFP-Arabic"], "hits": [5, 0]}, index=["a", "b"])
    item = encode(frame)
    assert item[0] == "frame" and item[1]["columns"] == [["str", "outlet"], ["str", "hits"]]
    assert item[1]["data"][0] == [["str", "Reuters"], ["int", "5"]]
    back = decode(json.loads(json.dumps(item)))
    pd.testing.assert_frame_equal(back, frame)


def test_the_kits_own_tables_are_dataframes_too(corpus):
    import framing

    hits = framing.kwic(corpus, "غزو", outlet="Reuters")
    assert type(hits) is not pd.DataFrame and isinstance(hits, pd.DataFrame)  # a Concordance
    back = decode(json.loads(json.dumps(encode(hits))))
    assert type(back) is pd.DataFrame and len(back) == len(hits) == 5
    assert list(back.columns) == list(hits.columns)


def test_sets_and_dicts_are_bounded():
    with pytest.raises(PlainDataError, match="a set of more than 5000 items"):
        decode(["set", [["int", str(k)] for k in range(5001)]])
    with pytest.raises(PlainDataError, match="a dict of more than 5000 items"):
        decode(["dict", [[["int", str(k)], ["none"]] for k in range(5001)]])
    assert len(decode(["list", [["int", str(k)] for k in range(20000)]])) == 20000


def test_encode_names_marks_missing_too_large_and_too_deep():
    deep = []
    for _ in range(100):
        deep = [deep]
    out = encode_names({"a": 1, "big": "x" * 1000, "deep": deep}, ["a", "nothere", "big", "deep"], max_bytes=500)
    assert out["a"] == ["int", "1"] and out["nothere"] == ["missing"]
    assert out["big"][0] == "toolarge" and out["big"][1] > 1000
    assert out["deep"][0] == "other" and "deeper" in out["deep"][1]
    env = decode_names(out, ["a", "nothere", "big"])
    assert env["a"] == 1 and "nothere" not in env and isinstance(env["big"], NotPlain)


@pytest.mark.parametrize("item, words", [
    (["int", 5], "needs one str"),
    (["int", "5.0"], "not a plain int"),
    (["int", "1" * 5000], "not a plain int"),
    (["float", "1e400000000000000000000000000000000000000"], "not a plain float"),
    (["float", "0x1p3"], "not a plain float"),
    (["set", [["list", []]]], "unhashable"),
    (["dict", [[["list", []], ["none"]]]], "unhashable"),
    (["dict", [["none"]]], "[key, value] pair"),
    (["frame", {"columns": [], "index": []}], "exactly: columns, index, data"),
    (["frame", {"columns": [["str", "a"]], "index": [["int", "0"]], "data": [[]]}], "one cell per column"),
    (["pickle", "gASV"], "unknown type tag 'pickle'"),
    ({"t": "int"}, "not a tagged value"),
    (["str"], "needs one str"),
])
def test_decode_refuses_what_is_not_the_schema(item, words):
    with pytest.raises(PlainDataError, match=words.replace("[", r"\[").replace("]", r"\]")):
        decode(item)


def test_decode_refuses_nesting_past_the_limit():
    item = ["none"]
    for _ in range(60):
        item = ["list", [item]]
    with pytest.raises(PlainDataError, match="nested too deep"):
        decode(item)


# ---------------------------------------------------------------- the tests' side

@pytest.mark.parametrize("body, names, calls", [
    (">>> assert type(q1_answer) is int and q1_answer == 5\n", ["q1_answer"], []),
    (">>> for _v in (q6_a, q6_b):\n...     assert type(_v) is str\n", ["q6_a", "q6_b"], []),
    (">>> from framing import normalize\n>>> assert normalize(q5.strip()) == 'ا'\n", ["q5"], []),
    (">>> import numpy as np\n>>> assert np.isclose(x, 0.5)\n", ["x"], []),
    (">>> assert count_hits(corpus) == 5\n", ["count_hits", "corpus"], ["count_hits"]),
    (">>> assert all(len(w) > 1 for w in words)\n", ["words"], []),
])
def test_names_a_test_reads_and_calls(body, names, calls):
    assert needed_names(body) == names
    assert called_names(body) == calls


def test_run_case_says_why_in_one_line():
    ok, why = run_case(">>> assert type(q) is int, 'q must be an int'\n", {"q": 3})
    assert ok and why == ""
    ok, why = run_case(">>> assert type(q) is int, 'q must be an int'\n", {"q": "3"})
    assert not ok and why == "assert type(q) is int, 'q must be an int'\nAssertionError: q must be an int"
    ok, why = run_case(">>> q + 1\n4\n", {"q": 2})
    assert not ok and "expected '4', got '3'" in why
    ok, why = run_case(">>> assert q == 1\n", {})
    assert not ok and "NameError: name 'q' is not defined" in why


def test_run_case_uses_otters_flags_no_ellipsis():
    ok, why = run_case(">>> q\n'... invasion ...'\n", {"q": "anything invasion at all"})
    assert not ok and "expected" in why


def test_the_test_server_ignores_the_graders_python_variables(tmp_path, monkeypatch):
    from framing.grading.checks import TestServer

    monkeypatch.setenv("PYTHONOPTIMIZE", "1")  # would strip every assert of the tests
    path = _bundle(tmp_path, {"q1": [{"code": ">>> assert a == 5\n", "hidden": True, "points": 2}]})
    server = TestServer(path, 10)
    try:
        raw = json.dumps({"version": 1, "names": {"a": ["int", "4"]}, "errors": [], "cells": 1, "printed": 0})
        assert server.score(raw.encode())["questions"]["q1"]["score"] == 0.0
    finally:
        server.close()


def test_the_runner_calls_deep_json_unreadable(tmp_path):
    from framing.grading.runner import Unreadable, code_cells

    path = tmp_path / "deep.ipynb"
    path.write_text('{"cells": [], "metadata": {"x": ' + "[" * 200000 + "]" * 200000 + "}}", encoding="utf-8")
    with pytest.raises(Unreadable, match="nested too deep"):
        code_cells(str(path))
    path.write_text(json.dumps({"cells": [], "metadata": {"otter": 1}, "nbformat": 4}), encoding="utf-8")
    with pytest.raises(Unreadable, match="this is a notebook of assignment None, not 'a'"):
        code_cells(str(path), "a")


def _bundle(tmp_path, tests):
    path = tmp_path / "b-autograder.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("otter_config.json", json.dumps({"assignment_name": "b"}))
        for name, cases in tests.items():
            spec = {"name": name, "points": None, "suites": [{"cases": cases, "scored": True, "setup": "",
                                                              "teardown": "", "type": "doctest"}]}
            zf.writestr(f"tests/{name}.py", f"test = {spec!r}\n")
    return path


def test_questions_in_natural_order_with_their_names(tmp_path):
    case = {"code": ">>> assert x == 1\n", "hidden": False, "points": 1}
    path = _bundle(tmp_path, {"q10": [case], "q2": [case], "q1": [dict(case, code=">>> assert y == 2\n")]})
    questions = load_questions(path)
    assert list(questions) == ["q1", "q2", "q10"]
    assert questions["q1"].names == ["y"] and questions["q10"].possible == 1.0
    assert sorted(["q10", "q9", "q1a", "q1"], key=natural_key) == ["q1", "q1a", "q9", "q10"]


def test_negative_points_are_refused(tmp_path):
    path = _bundle(tmp_path, {"q1": [{"code": ">>> True\nTrue\n", "hidden": False, "points": -3}]})
    with pytest.raises(FramingError, match=r"tests/q1.py, case 'q1 - 1': negative points \(-3\)"):
        load_questions(path)


def test_scores_count_passed_cases_and_not_attempted_questions(tmp_path):
    path = _bundle(tmp_path, {
        "q1": [{"code": ">>> assert type(a) is int\n", "hidden": False, "points": 1},
               {"code": ">>> assert a == 5\n", "hidden": True, "points": 2, "failure_message": "not 5"}],
        "q2": [{"code": ">>> assert b == 'x'\n", "hidden": True, "points": 2}]})
    questions = load_questions(path)
    raw = json.dumps({"version": 1, "names": {"a": ["int", "4"], "b": ["ellipsis"]}, "errors": [],
                      "cells": 3, "printed": 0}).encode()
    scored = score_answers(raw, questions)["questions"]
    assert scored["q1"]["score"] == 1.0 and scored["q1"]["attempted"] is True
    assert scored["q1"]["cases"][1] == {"name": "q1 - 2", "hidden": True, "points": 2.0, "passed": False,
                                       "note": "not 5", "output": ""}
    assert scored["q2"] == {"score": 0.0, "possible": 2.0, "attempted": False, "cases": scored["q2"]["cases"]}


@pytest.mark.parametrize("raw, words", [
    (b"@@RESULT {}", "JSONDecodeError"),
    (b'{"version": 2}', "version 1"),
    (b'{"version": 1, "names": [], "errors": [], "printed": 0}', "wrong types"),
    (b'{"version": 1, "names": {}, "errors": [{"cell": "1", "ename": "X"}], "printed": 0}', "error entry"),
    (b'{"version": 1, "names": {"a": ["code", "import os"]}, "errors": [], "printed": 0}', "unknown type tag"),
    (b'\xff\xfe', "UnicodeDecodeError"),
])
def test_what_is_not_the_runner_schema_is_invalid(tmp_path, raw, words):
    path = _bundle(tmp_path, {"q1": [{"code": ">>> assert a == 1\n", "hidden": False, "points": 1}]})
    result = score_answers(raw, load_questions(path))
    assert set(result) == {"invalid"} and words in result["invalid"]
