"""One glossary for the six notebooks: every Arabic form glossed in a notebook
(inline, as ``العربية (*translit*, "meaning")``, or as a row of a glossary table,
``| Arabic | *translit* | meaning |``) is in ``data/glossary.csv`` and uses its
transliteration there, so that the notebooks cannot drift apart again
(Rūytarz / Rūyters, lil-ghazw / li-l-ghazw).
"""

import csv
import json
import re
import unicodedata

import pytest

from conftest import ROOT

NAMES = ["01_corpus", "02_words", "03_kwic", "04_lexicons", "05_comparing", "06_validating"]
MASTERS = [ROOT / "instructor" / "masters" / f"{n}.ipynb" for n in NAMES]
STUDENTS = [ROOT / "notebooks" / f"{n}.ipynb" for n in NAMES]
GLOSSARY = ROOT / "data" / "glossary.csv"

# Arabic letters and marks (not Arabic punctuation or digits).
_AR = r"[\u0621-\u065F\u0670-\u06D3\u06D5\u06E5\u06E6\u06EE\u06EF\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC]"
AR_LETTER = re.compile(_AR)
# One Arabic form: Arabic words separated by spaces or a line break, with an
# optional wildcard * glued to its end.
AR_FORM = rf"{_AR}+(?:(?:[ \t]*\n[ \t]*|[ \t]+){_AR}+)*\*?"
# One italic transliteration: *...* with no Arabic letter (and at most one line break).
_NOT_AR = r"[^*`\n\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"
ITALIC = rf"\*(?=[^*\s])({_NOT_AR}*(?:\n{_NOT_AR}+)?)(?<=\S)\*"
# A run of italics separated by commas or slashes: *a*, *b* / *c*.
ITALICS = rf"{ITALIC}(?:\s*[,/]\s*{ITALIC})*"
# Arabic forms listed together before one gloss: X and Y (*x*, *y*, ...).
AR_LIST = rf"(?P<ar>{AR_FORM}(?:[\"”`]*\s*(?:,|،|/|\band\b|\bor\b)\s*{AR_FORM})*)"
INLINE = re.compile(rf"{AR_LIST}[\"”`]*[ \t]*\n?[ \t]*[(,]?[ \t]*\n?[ \t]*(?P<tr>{ITALICS})")
ITALIC_RE = re.compile(ITALIC)
SPLIT_AR = re.compile(r"[\"”`]*\s*(?:,|،|/|\band\b|\bor\b)\s*")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
TABLE_ROW = re.compile(r"^\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|\s*$", re.M)


def clean(s):
    """NFC, whitespace and line breaks collapsed to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def _is_translit(t):
    """Latin letters only (with ʿ for ayn and ʾ for hamza), at least one."""
    letters = [c for c in t if unicodedata.category(c).startswith("L")]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") or c in "ʿʾ" for c in letters)


def _pair(arabic, translits, where):
    """(arabic, translit, where) for each form of a gloss.

    ``X (*x*)``: one pair; ``X and Y (*x*, *y*)``, ``| X / Y | *x* / *y* |``: one pair per
    form; ``| X، Y | *x, y* |``: one italic split at its commas; ``X and Y (*y*)``: the gloss
    belongs to the last form. Anything else is returned whole, so that the test reports it.
    """
    forms = [clean(a) for a in SPLIT_AR.split(arabic) if AR_LETTER.search(a)]
    translits = [clean(t) for t in translits]
    if len(forms) > 1 and len(translits) == 1 and "," in translits[0]:
        translits = [clean(t) for t in translits[0].split(",")]
    if len(forms) == len(translits):
        return [(a, t, where) for a, t in zip(forms, translits)]
    if len(translits) == 1:
        return [(forms[-1], translits[0], where)]
    return [(" / ".join(forms), " / ".join(translits), where + " (forms and transliterations do not pair up)")]


def glosses_in(text, where):
    """Every (arabic, translit, where) glossed in one markdown cell."""
    found = []
    rows = []
    for m in TABLE_ROW.finditer(text):
        first, second = m.group(1), m.group(2)
        if not AR_LETTER.search(first) or AR_LETTER.search(second):
            continue
        its = ITALIC_RE.findall(second)
        if not its or not all(_is_translit(t) for t in its):
            continue
        rows.append(m.span())
        found += [(a, t, where + " (table)") for a, t, _ in _pair(first.strip(), its, where)]
    for m in INLINE.finditer(text):
        if any(a <= m.start() < b for a, b in rows):
            continue
        its = [t for t in ITALIC_RE.findall(m.group("tr")) if _is_translit(t)]
        if its:
            found += _pair(m.group("ar"), its, where)
    return found


def markdown_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            src = cell["source"]
            yield i, "".join(src) if isinstance(src, list) else src


def all_glosses(paths):
    out = []
    for path in paths:
        for i, text in markdown_cells(path):
            out += glosses_in(text, f"{path.parent.name}/{path.name} cell {i}")
    return out


def load_glossary():
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def glossary_tables(path):
    """Glossary tables in a notebook: markdown tables headed | Arabic | ... |."""
    return [i for i, text in markdown_cells(path)
            if re.search(r"^\|\s*Arabic\s*\|\s*translit", text, re.M | re.I)]


# ---------------------------------------------------------------- the CSV itself

def test_glossary_csv_is_well_formed():
    raw = GLOSSARY.read_bytes()
    raw.decode("utf-8")  # raises if the file is not UTF-8
    rows = load_glossary()
    assert rows, "data/glossary.csv is empty"
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["arabic", "translit", "meaning"]
    seen = {}
    for n, row in enumerate(rows, start=2):
        assert None not in row and all(v is not None for v in row.values()), f"line {n}: wrong number of cells"
        for col in ("arabic", "translit", "meaning"):
            assert row[col].strip(), f"line {n}: empty {col}"
            assert row[col] == row[col].strip(), f"line {n}: {col} has leading or trailing spaces"
        ar = clean(row["arabic"])
        assert AR_LETTER.search(ar), f"line {n}: arabic {row['arabic']!r} has no Arabic letter"
        assert not LATIN.search(ar), f"line {n}: arabic {row['arabic']!r} has Latin letters"
        assert _is_translit(row["translit"]), f"line {n}: translit {row['translit']!r} is not Latin"
        assert "*" not in row["translit"], f"line {n}: translit {row['translit']!r} holds markdown"
        assert AR_LETTER.search(row["meaning"]) is None, f"line {n}: meaning is not English"
        assert ar not in seen, f"line {n}: {ar} already on line {seen[ar]}"
        seen[ar] = n


# ---------------------------------------------------------------- the notebooks

@pytest.fixture(scope="module")
def glossary():
    return {clean(r["arabic"]): clean(r["translit"]) for r in load_glossary()}


@pytest.mark.parametrize("paths", [MASTERS, STUDENTS], ids=["masters", "students"])
def test_every_gloss_is_in_the_glossary_with_its_transliteration(glossary, paths):
    found = all_glosses(paths)
    missing = sorted({f"{a} (*{t}*) in {w}" for a, t, w in found if a not in glossary})
    wrong = sorted({f"{a}: *{t}* in {w}, glossary has *{glossary[a]}*"
                    for a, t, w in found if a in glossary and t != glossary[a]})
    assert not missing, "glossed forms missing from data/glossary.csv:\n" + "\n".join(missing)
    assert not wrong, "transliterations that differ from data/glossary.csv:\n" + "\n".join(wrong)


def test_every_glossary_row_is_glossed_in_a_notebook(glossary):
    used = {a for a, _, _ in all_glosses(MASTERS)}
    unused = sorted(set(glossary) - used)
    assert not unused, "rows of data/glossary.csv that no notebook glosses (remove them):\n" + "\n".join(unused)


@pytest.mark.parametrize("paths", [MASTERS, STUDENTS], ids=["masters", "students"])
def test_the_parser_finds_the_glosses(paths):
    """The checks above cannot pass by finding nothing."""
    found = all_glosses(paths)
    assert len(found) >= 100, f"only {len(found)} glossed forms found: is the parser broken?"
    assert len({a for a, _, _ in found}) >= 100, "fewer than 100 different glossed forms found"
    for path in paths:
        tables = glossary_tables(path)
        # 02, 03 and 04 have a Glossary section; 01 and 05 a table of "Arabic terms used"
        assert tables, f"{path.name}: no glossary table found"
        for i in tables:
            rows = [g for g in found if g[2] == f"{path.parent.name}/{path.name} cell {i} (table)"]
            assert len(rows) >= 10, f"{path.name} cell {i}: only {len(rows)} glossary rows parsed"


def test_parser_handles_line_breaks_and_lists():
    text = ('the war عملية\nعسكرية (*ʿamaliyya\nʿaskariyya*, "military operation"); '
            'اميركي and اميركية (*amīrkī*, *amīrkiyya*, "American"); في *fī* "in";\n'
            '| و، ف | *wa-, fa-* | and, so |\n| ال، لل | *al-*, *li-l-* | the, for the |')
    got = {(a, t) for a, t, _ in glosses_in(text, "x")}
    assert got == {("عملية عسكرية", "ʿamaliyya ʿaskariyya"), ("اميركي", "amīrkī"), ("اميركية", "amīrkiyya"),
                   ("في", "fī"), ("و", "wa-"), ("ف", "fa-"), ("ال", "al-"), ("لل", "li-l-")}
