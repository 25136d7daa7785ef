"""Write ``data/lookalikes.tsv``: Arabic words that look like a clitic + another word, but are not.

Clitic-aware search (``framing/match.py``) reads a token as optional
proclitics + the query word + an optional tanween alef. Spelling alone
cannot tell وزير ("minister") from و + زير, كان ("was") from ك + أن, or
سوريا ("Syria") from سوري + a tanween alef. This file lists such readings,
one per line (``word``, ``stem``, ``why``), and the search never takes
``word`` as a form of ``stem``. Two sources:

* **stopwords** (the arabic-stopwords package, a dependency of the kit):
  each form of a stopword comes with its stem (كان → كان, وعن → عن). A form
  is a look-alike of every other word its spelling could be cut into
  (كان of أن, كما of ما, أنا of أن), never of its own stem (وعن stays a
  form of عن).
* **word frequencies** (the wordfreq package's Arabic list, 400,000 words,
  only when this script is run; not a dependency of the kit): a word that
  is at least ``MARGIN`` Zipf units more frequent than what is left once a
  conjunction or preposition (و ف ب ك ل, not the article) or a final alef is
  taken off is a word of its own: وزير (5.38) against زير (3.23). A real
  clitic form is rarer than its stem (والقوات 4.10 against قوات 5.31).

Run it once when either source changes (the output is committed; nothing is
downloaded when the kit runs)::

    python -m pip install wordfreq==3.1.1
    python data/make_lookalikes.py

``tests/test_match.py`` checks the stopword part against the installed
package and measures the search against hand-read look-alikes.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from framing.normalize import normalize  # noqa: E402

OUT = HERE / "lookalikes.tsv"
#: How much more frequent (Zipf units: log10 per billion words) a word must be than its
#: would-be stem to count as a word of its own.
MARGIN = 0.5
WORDS = 400_000
#: Proclitics whose stripping can make a look-alike: a conjunction, a preposition, or both
#: (not the article: a definite form is often more frequent than the bare word).
PROCLITICS = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
ALL_PREFIXES = ("و", "ف", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "وب", "وك", "ول", "وال", "وبال", "وكال", "ولل",
                "فب", "فك", "فل", "فال", "فبال", "فكال", "فلل")


def arabic(word: str) -> bool:
    return bool(word) and all("\u0621" <= ch <= "\u064a" for ch in word)


def readings(word: str, prefixes=ALL_PREFIXES):
    """Every stem the clitic rule could cut ``word`` into (prefix + stem + optional alef)."""
    out = set()
    for p in ("",) + tuple(prefixes):
        if not word.startswith(p):
            continue
        rest = word[len(p):]
        for cut in (rest, rest[:-1] if rest.endswith("ا") else None):
            if cut and len(cut) >= 2 and cut != word:
                out.add(cut)
    return out


def from_stopwords() -> dict:
    from arabicstopwords import arabicstopwords as ast

    found = {}
    for form in ast.stopwords_list():
        norm, stem = normalize(form), normalize(ast.stop_stem(form) or form)
        if not arabic(norm):
            continue
        for cut in readings(norm):
            if cut != stem:
                found.setdefault((norm, cut), f"stopword {norm} (stem {stem})")
    return found


def from_frequencies() -> dict:
    from wordfreq import top_n_list, word_frequency

    freq: dict = {}
    for w in top_n_list("ar", WORDS):
        norm = normalize(w)
        if arabic(norm):
            freq[norm] = freq.get(norm, 0.0) + word_frequency(w, "ar")

    def zipf(f):
        return math.log10(f) + 9 if f > 0 else 0.0

    found = {}
    for word, f in freq.items():
        z = zipf(f)
        for cut in readings(word, PROCLITICS):
            zc = zipf(freq.get(cut, 0.0))
            if zc > 0 and z >= zc + MARGIN:
                found[(word, cut)] = f"wordfreq {z:.2f} against {zc:.2f}"
    return found


def main() -> None:
    pairs = from_frequencies()
    pairs.update(from_stopwords())
    lines = ["word\tstem\twhy"] + [f"{w}\t{s}\t{why}" for (w, s), why in sorted(pairs.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(pairs)} look-alike readings")


if __name__ == "__main__":
    main()
