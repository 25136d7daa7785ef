"""The master notebooks give nothing away by the form of a question.

Across all masters (``instructor/masters/*.ipynb``):

* single-answer multiple-choice questions (options written ``- **A.** text`` in
  the question's Markdown, the key a letter assigned on a ``# SOLUTION`` line or
  compared with ``==`` in a hidden test) do not betray their key by its length
  or its letter: the key is the strictly longest option in at most a quarter of
  them, it is on average at most 1.25 times as long as the mean distractor, and
  no letter is the key of more than 40% of them;
* no hidden test's failure message (or assert message) states the value its
  own assert expects.

The measurements are printed by ``pytest -s`` (``test_choice_measurements``
fails with a table of the questions at fault).
"""

from __future__ import annotations

import ast
import collections
import re
import statistics

import nbformat
import pytest
import yaml

from conftest import ROOT

MASTERS = sorted((ROOT / "instructor" / "masters").glob("*.ipynb"))

#: An option line: ``- **A.** text`` or ``* **A.** text``, at any indent.
OPTION = re.compile(r"^(?P<indent>\s*)[-*]\s+\*\*(?P<letter>[A-Z])\.\*\*\s*(?P<text>.*)$")
#: A line that ends an option: a blank line, another list item, a heading, a block.
ENDS_OPTION = re.compile(r"^\s*(?:$|[-*]\s|\d+\.\s|#|<|\||>)")
#: A solution line giving a letter: ``q3_choice = "C"  # SOLUTION``.
LETTER_SOLUTION = re.compile(r"""^\s*(?P<var>\w+)\s*=\s*(?P<q>["'])(?P<letter>[A-Z])(?P=q)\s*#\s*SOLUTION\s*$""")

MAX_LONGEST_SHARE = 0.25
MAX_MEAN_RATIO = 1.25
MAX_LETTER_SHARE = 0.40
MIN_QUESTIONS = 9
MIN_OPTIONS = 4


# ---------------------------------------------------------------- reading masters


def questions(master):
    """The questions of a master, in order: dicts with name, markdown, solution code, public and hidden tests.

    Cells between a raw ``# BEGIN QUESTION`` and ``# END QUESTION``; solution
    cells between ``# BEGIN SOLUTION`` and ``# END SOLUTION``, test cells between
    ``# BEGIN TESTS`` and ``# END TESTS`` (hidden when their config says
    ``hidden: true``).
    """
    nb = nbformat.read(master, as_version=4)
    found, current, zone = [], None, None
    for cell in nb.cells:
        src = cell.source.strip()
        if cell.cell_type == "raw":
            if src.startswith("# BEGIN QUESTION"):
                config = yaml.safe_load(src[len("# BEGIN QUESTION"):]) or {}
                current = {"notebook": master.stem, "name": str(config.get("name")), "markdown": [],
                           "solution": [], "public": [], "hidden": []}
                found.append(current)
            elif src.startswith("# END QUESTION"):
                current = None
            elif src.startswith("# BEGIN SOLUTION"):
                zone = "solution"
            elif src.startswith("# BEGIN TESTS"):
                zone = "tests"
            elif src.startswith("# END SOLUTION") or src.startswith("# END TESTS"):
                zone = None
            continue
        if current is None:
            continue
        if zone == "tests" and cell.cell_type == "code":
            config, code = read_test_config(cell.source)
            current["hidden" if config.get("hidden") else "public"].append({"config": config, "code": code})
        elif zone == "solution" and cell.cell_type == "code":
            current["solution"].append(cell.source)
        elif zone is None and cell.cell_type == "markdown":
            current["markdown"].append(cell.source)
    return found


def read_test_config(source):
    """A test cell's TEST CONFIG (a dict) and its code without the config string."""
    match = re.search(r'"""\s*# BEGIN TEST CONFIG\n(.*?)"""\s*# END TEST CONFIG\n?', source, re.S)
    if not match:
        return {}, source
    return yaml.safe_load(match.group(1)) or {}, source[:match.start()] + source[match.end():]


def plain(text):
    """The text a student reads: Markdown emphasis, code marks and spans of HTML taken off, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return " ".join(text.split())


def option_lists(markdown):
    """The lettered option lists of a question's Markdown: one dict letter -> text per list, in order."""
    lists, options, letter, indent = [], None, None, None
    for line in markdown.splitlines():
        match = OPTION.match(line)
        if match:
            if match["letter"] == "A" or options is None:
                options = {}
                lists.append(options)
            letter, indent = match["letter"], len(match["indent"])
            options[letter] = [match["text"]]
            continue
        if letter is not None and not ENDS_OPTION.match(line) and len(line) - len(line.lstrip()) > indent:
            options[letter].append(line.strip())  # a wrapped line of the option
            continue
        letter = None
    return [{k: plain(" ".join(v)) for k, v in found.items()} for found in lists]


def key_letters(question):
    """The single-letter answers of a question, in order: (variable, letter), from its solution or hidden tests."""
    keys = []
    for source in question["solution"]:
        for line in source.splitlines():
            match = LETTER_SOLUTION.match(line)
            if match:
                keys.append((match["var"], match["letter"]))
    if keys:
        return keys
    for case in question["hidden"]:
        for var, values in expected_values(case["code"]):
            if len(values) == 1 and isinstance(values[0], str) and re.fullmatch("[A-Z]", values[0]):
                keys.append((var, values[0]))
    return keys


def choice_questions():
    """Every single-answer multiple-choice question of the masters, with its options and key."""
    found = []
    for master in MASTERS:
        for question in questions(master):
            lists = [found for md in question["markdown"] for found in option_lists(md)]
            keys = key_letters(question)
            for (var, letter), options in zip(keys, lists):
                found.append({"notebook": question["notebook"], "question": question["name"], "variable": var,
                              "key": letter, "options": options})
    return found


def measure(choice):
    """Lengths (characters of the text a student reads) of the key and of the distractors."""
    lengths = {letter: len(text) for letter, text in choice["options"].items()}
    key = lengths.get(choice["key"], 0)
    others = [n for letter, n in lengths.items() if letter != choice["key"]]
    return {"key_len": key, "longest_other": max(others, default=0),
            "strictly_longest": bool(others) and key > max(others),
            "ratio": key / statistics.mean(others) if others and statistics.mean(others) else float("inf")}


def table(choices):
    rows = []
    for choice in choices:
        m = measure(choice)
        rows.append(f"  {choice['notebook']} {choice['question']} ({choice['variable']}): key {choice['key']}, "
                    f"{len(choice['options'])} options, key {m['key_len']} chars, longest distractor "
                    f"{m['longest_other']}, ratio to mean distractor {m['ratio']:.2f}"
                    + ("  <- key strictly longest" if m["strictly_longest"] else ""))
    return "\n".join(rows)


# ---------------------------------------------------------------- expected values of asserts


def _value(node):
    """A constant, or a constant expression (``5 / 6``, ``-2.678``), or a set/tuple/list of them; else None."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        pass
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        left, right = _value(node.left), _value(node.right)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
        if numbers and not (isinstance(node.op, ast.Div) and right == 0):
            return {ast.Add: lambda: left + right, ast.Sub: lambda: left - right,
                    ast.Mult: lambda: left * right, ast.Div: lambda: left / right}[type(node.op)]()
    return None


def _answer_names(node):
    return sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and re.match(r"q\d", n.id)})


def _flatten(value):
    if isinstance(value, (set, frozenset, tuple, list)):
        return [v for item in value for v in _flatten(item)]
    if isinstance(value, dict):
        return [v for item in value.items() for v in _flatten(item)]
    return [value]


def expected_values(code):
    """What the asserts of a test expect: (answer variable, [values]) for ``x == v``, ``x in v`` and ``abs(x - v)``."""
    found = []
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, sides, sides[1:]):
                if not isinstance(op, (ast.Eq, ast.In)):
                    continue
                for var_side, value_side in ((left, right), (right, left)):
                    names, value = _answer_names(var_side), _value(value_side)
                    if names and value is not None and not _answer_names(value_side):
                        values = [v for v in _flatten(value) if not isinstance(v, bool)]
                        found += [(name, values) for name in names if values]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "abs"
              and len(node.args) == 1 and isinstance(node.args[0], ast.BinOp)
              and isinstance(node.args[0].op, ast.Sub)):
            inner = node.args[0]
            for var_side, value_side in ((inner.left, inner.right), (inner.right, inner.left)):
                names, value = _answer_names(var_side), _value(value_side)
                if names and isinstance(value, (int, float)) and not _answer_names(value_side):
                    found += [(name, [value]) for name in names]
    return found


def allowed_values(question):
    """Per answer variable, the values its public tests allow (``x in ("A", "B", "C")``): naming them all is no leak."""
    allowed = collections.defaultdict(set)
    for case in question["public"]:
        for var, values in expected_values(case["code"]):
            if len(values) > 1:
                allowed[var].update(values)
    return allowed


def number_forms(value):
    """How a number may be written in a message: 4; 0.833, 0.83, 0.8; 2.678 and 2.68 for -2.678."""
    if float(value).is_integer():
        return [str(int(abs(value)))]
    forms = {repr(abs(value))}
    for digits in (1, 2, 3, 4):
        forms.add(f"{abs(value):.{digits}f}")
    return sorted(forms)


def states(message, value):
    """Does the message state this expected value?"""
    if isinstance(value, str):
        if re.fullmatch("[A-Z]", value):
            # a letter: standing alone, not as part of a name (G2, E1) nor as the article "A"
            hits = [m for m in re.finditer(rf"(?<![\w'’-]){value}(?![\w'’-])", message)
                    if not (value in "AI" and re.match(r"\s+[a-z]", message[m.end():]))]
            return bool(hits)
        return bool(re.search(rf"(?<!\w){re.escape(value)}(?!\w)", message))
    if isinstance(value, (int, float)):
        return any(re.search(rf"(?<![\w.]){re.escape(form)}(?![\d])", message) for form in number_forms(value))
    return False


def hidden_leaks():
    """Every hidden test whose failure message (or an assert message) states a value its asserts expect."""
    leaks = []
    for master in MASTERS:
        for question in questions(master):
            allowed = allowed_values(question)
            for case in question["hidden"]:
                messages = [str(case["config"].get("failure_message") or "")]
                tree = ast.parse(case["code"]) if case["code"].strip() else ast.Module(body=[], type_ignores=[])
                messages += [m.msg.value for m in ast.walk(tree) if isinstance(m, ast.Assert)
                             and isinstance(m.msg, ast.Constant) and isinstance(m.msg.value, str)]
                for var, values in expected_values(case["code"]):
                    for value in values:
                        for message in messages:
                            options = allowed.get(var, set())
                            if options and value in options and all(states(message, o) for o in options):
                                continue  # it names every allowed value: that gives nothing away
                            if states(message, value):
                                leaks.append(f"  {master.stem} {question['name']} ({var}): expects {value!r}; "
                                             f"message: {message!r}")
    return leaks


# ---------------------------------------------------------------- tests


def test_option_parser_reads_wrapped_options():
    md = ("Which?\n\n* **A.** one\n  two\n* **B.** three\n\n  * **A.** nested `code`\n    and more\n"
          "  * **B.** other\nSet `q_x` to the letter.\n")
    assert option_lists(md) == [{"A": "one two", "B": "three"}, {"A": "nested code and more", "B": "other"}]


def test_expected_values_of_asserts():
    code = ('assert type(q1) is float and abs(q1 - (-2.678)) < 0.01\n'
            'assert q2.strip() == "غزة" and set(q3) == {"B", "C"}\nassert q4 is True and q5 in ("A", "B")\n'
            'assert abs(q6 - 5 / 6) < 0.01\n')
    got = dict(expected_values(code))
    assert got["q1"] == [-2.678] and got["q2"] == ["غزة"] and sorted(got["q3"]) == ["B", "C"]
    assert sorted(got["q5"]) == ["A", "B"] and got["q6"] == [5 / 6] and "q4" not in got
    assert states("the share is about 0.83", 5 / 6) and states("not 2.68", -2.678) and not states("in 20 texts", 0)
    assert states('the right letter is "C"', "C") and not states("A share of G2 and E1", "A")
    assert not states("q1: count again", 1) and states("there are 4 hits", 4)


def test_the_parser_finds_the_choice_questions():
    choices = choice_questions()
    assert len(choices) >= MIN_QUESTIONS, (
        f"found {len(choices)} single-answer multiple-choice questions, expected at least {MIN_QUESTIONS}:\n"
        + table(choices))
    few = [c for c in choices if len(c["options"]) < MIN_OPTIONS or c["key"] not in c["options"]]
    assert not few, "questions with fewer than 4 options, or a key that is not an option:\n" + table(few)


def test_the_key_is_rarely_the_longest_option():
    choices = choice_questions()
    longest = [c for c in choices if measure(c)["strictly_longest"]]
    n_longest, n_all = len(longest), len(choices)
    assert n_longest <= MAX_LONGEST_SHARE * n_all, (
        f"the key is the strictly longest option in {len(longest)} of {len(choices)} questions "
        f"(at most {MAX_LONGEST_SHARE:.0%} allowed):\n" + table(longest))


def test_the_key_is_not_much_longer_than_the_distractors():
    choices = choice_questions()
    ratios = [measure(c)["ratio"] for c in choices]
    mean = statistics.mean(ratios)
    high = [c for c in choices if measure(c)["ratio"] > MAX_MEAN_RATIO]
    assert mean <= MAX_MEAN_RATIO, (
        f"the key is on average {mean:.2f} times as long as the mean distractor (at most {MAX_MEAN_RATIO}); "
        "questions above that:\n" + table(high))


def test_no_letter_is_the_key_too_often():
    choices = choice_questions()
    letters = collections.Counter(c["key"] for c in choices)
    over = {k: n for k, n in letters.items() if n > MAX_LETTER_SHARE * len(choices)}
    assert not over, (
        f"keys by letter {dict(sorted(letters.items()))} over {len(choices)} questions: "
        f"{', '.join(over)} is the key of more than {MAX_LETTER_SHARE:.0%}:\n"
        + table([c for c in choices if c["key"] in over]))


def test_hidden_failure_messages_do_not_state_the_answer():
    leaks = hidden_leaks()
    assert not leaks, "hidden tests whose message states the value they expect:\n" + "\n".join(leaks)


def test_choice_measurements(capsys):
    """Print the measurements (pytest -s shows them); fails only if nothing was parsed."""
    choices = choice_questions()
    with capsys.disabled():
        print("\n" + table(choices))
    assert choices


@pytest.mark.parametrize("master", MASTERS, ids=[m.stem for m in MASTERS])
def test_every_question_is_read(master):
    """Each master's questions are found by the parser (a renamed marker would hide a question)."""
    assert questions(master), f"{master.name}: no # BEGIN QUESTION cells found"
