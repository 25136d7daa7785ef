"""A synthetic Arabic news corpus with a realistic vocabulary, for the benchmarks (issue 16).

The benchmarks' other corpus repeats the five seed texts, so its vocabulary stays
at 1,315 forms however large it grows; a real million-token corpus has a hundred
thousand or more, and a query that scans the vocabulary (a wildcard, a regex) or a
cache keyed by form behaves differently on it. This one is generated, seeded and
with no download:

* **Stems** are the seed corpus's own terms (``framing.terms``: normal forms with
  their clitics taken off, stopwords out), ranked by their count in the seeds.
* **Forms** are a stem with a proclitic (و, ف, ب, ل, ال, وال, بال, فال, لل, ...) and
  a suffix (ة, ات, ون, ين, ية, ه, ها, هم, ...), each drawn by its own decreasing
  weight, so that a stem's frequent forms are its bare and ال- forms. A form is
  a token's surface: the same word occurs in many forms, as in real Arabic.
* **Spelling variants**, as the seeds show them (SEEDS.md): hamza on alef
  written or dropped (أ إ آ → ا), final ى for ي, Farsi yeh ی and keheh ک for ي and
  ك on a few percent of tokens, and harakat (fatha, damma, kasra, shadda,
  tanween) on about 3% of tokens.
* **Function words** (في, من, على, أن...) take about a third of the tokens, as
  in news prose.
* **Frequencies** follow Zipf's law: the form of rank r has weight 1 / r^0.95,
  ranks given by the product of the stem's, the clitic's and the suffix's ranks.
* **Documents** of 300 to 800 tokens, in paragraphs of 20 to 90 tokens with
  Arabic punctuation, one paragraph per line; 12 outlets; dates over 2019-2025.

::

    python benchmarks/realistic.py --tokens 1000000 --out realistic-1M.csv
    framing --corpus realistic-1M.csv summary

In Python: ``from realistic import realistic_corpus; corpus = realistic_corpus(10**6)``
gives the table (doc_id, outlet, date, text) that ``framing.load_corpus`` reads.
The same ``--tokens`` and ``--seed`` always give the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import random
import sys
from pathlib import Path

#: proclitics, with their weights (the bare form first)
PROCLITICS = [("", 30), ("ال", 24), ("و", 8), ("وال", 7), ("ب", 4), ("بال", 5), ("ل", 3), ("لل", 4),
              ("ف", 1.5), ("فال", 1), ("ك", 0.8), ("كال", 0.6), ("س", 0.3), ("وب", 0.6), ("ول", 0.5)]
#: suffixes, with their weights
SUFFIXES = [("", 40), ("ة", 12), ("ات", 6), ("ية", 5), ("ين", 4), ("ون", 3), ("ه", 3), ("ها", 3), ("هم", 2),
            ("ي", 2), ("ان", 1.5), ("يات", 1), ("يين", 1), ("نا", 1), ("كم", 0.5), ("هما", 0.4), ("تها", 0.8),
            ("اتها", 0.3), ("اتهم", 0.2), ("يون", 0.5)]
#: function words of news prose, most frequent first (about a third of the tokens)
FUNCTION_WORDS = ("في من على إلى أن عن مع التي الذي هذا هذه كان قد لا ما بين بعد قبل حتى أو ثم كما إن لم "
                  "لن هو هي عند منذ خلال حول ضد دون وفق نحو لدى أي كل بعض غير وقال وأضاف وأكد").split()
OUTLETS = ["Reuters", "AFP", "Al Jazeera", "Al Arabiya", "BBC Arabic", "Asharq Al-Awsat", "Al-Monitor",
           "Sky News Arabia", "Anadolu", "RT Arabic", "Al-Quds Al-Arabi", "France 24"]
PUNCTUATION = ["،", "،", "،", ".", ".", "؛", ":", "؟"]
HARAKAT = "\u064e\u064f\u0650\u0651\u064b\u064c\u0652"  # fatha damma kasra shadda fathatan dammatan sukun
ZIPF = 0.95


def seed_stems() -> list:
    """The seed corpus's terms, most frequent first (ties in Arabic alphabetical order)."""
    import framing

    counts = framing.terms(framing.load_corpus()).groupby("term")["n"].sum()
    stems = [t for t in counts.index if len(t) >= 2 and all("\u0621" <= ch <= "\u064a" for ch in t)]
    return sorted(stems, key=lambda t: (-counts[t], t))


def attach(stem: str, suffix: str):
    """``stem`` with ``suffix`` as Arabic spells it, or None where the two do not go together.

    A taa marbuta becomes ت before a suffix (قوة, قواتها is not made, قوته is); a stem that
    already ends in a feminine or plural ending takes only a pronoun.

    >>> attach("قوة", "ها"), attach("قوة", "ات"), attach("قوة", "ية"), attach("عراق", "ية")
    ('قوتها', 'قوات', None, 'عراقية')
    """
    if not suffix:
        return stem
    if stem.endswith("ة"):
        if suffix == "ات":
            return stem[:-1] + "ات"
        if suffix in ("ه", "ها", "هم", "هما", "كم", "نا", "ي"):
            return stem[:-1] + "ت" + suffix
        return None
    if stem.endswith(("ات", "ون", "ين", "ية", "يين", "ان")):
        return stem + suffix if suffix in ("ه", "ها", "هم", "هما", "كم", "نا") and not stem.endswith("ية") else None
    if suffix in ("ته", "تها") or (suffix[0] in "اوي" and stem[-1] in "اوي"):
        return None
    return stem + suffix


def vocabulary(stems: list) -> tuple:
    """Every form (proclitic + stem + suffix) with its Zipf weight, most frequent first."""
    pre = sorted(range(len(PROCLITICS)), key=lambda i: -PROCLITICS[i][1])
    suf = sorted(range(len(SUFFIXES)), key=lambda i: -SUFFIXES[i][1])
    scored = {}
    for (r_stem, stem), (r_pre, p), (r_suf, s) in itertools.product(
            enumerate(stems, 1), enumerate(pre, 1), enumerate(suf, 1)):
        ending = attach(stem, SUFFIXES[s][0])
        if ending is None:
            continue
        form = PROCLITICS[p][0] + ending
        score = r_stem * r_pre * r_suf
        if form not in scored or score < scored[form]:
            scored[form] = score
    forms = sorted(scored, key=lambda f: (scored[f], f))
    weights = [1 / rank ** ZIPF for rank in range(1, len(forms) + 1)]
    return forms, list(itertools.accumulate(weights))


def respell(word: str, rng: random.Random) -> str:
    """``word`` as a careless or foreign keyboard types it, now and then."""
    roll = rng.random()
    if roll < 0.06:
        word = word.replace("ا", rng.choice("أإآ"), 1) if "ا" in word[:2] else word
    elif roll < 0.09 and word.endswith("ي"):
        word = word[:-1] + "ى"
    elif roll < 0.11:
        word = word.replace("ي", "ی").replace("ك", "ک")
    if rng.random() < 0.03:  # harakat on a letter or two
        for _ in range(rng.randint(1, 2)):
            at = rng.randint(1, len(word))
            word = word[:at] + rng.choice(HARAKAT) + word[at:]
    return word


def documents(tokens: int, seed: int = 0):
    """Yield (doc_id, outlet, date, text) until ``tokens`` words are written."""
    rng = random.Random(seed)
    forms, cumulative = vocabulary(seed_stems())
    total = cumulative[-1]
    function_cum = list(itertools.accumulate(1 / r for r in range(1, len(FUNCTION_WORDS) + 1)))
    start, written, n = datetime.date(2019, 1, 1), 0, 0
    while written < tokens:
        size = min(rng.randint(300, 800), tokens - written) or 1
        paragraphs, left = [], size
        while left > 0:
            length = min(rng.randint(20, 90), left)
            words = []
            for k in range(length):
                if rng.random() < 0.33:
                    word = FUNCTION_WORDS[bisect.bisect(function_cum, rng.random() * function_cum[-1])]
                else:
                    word = forms[min(bisect.bisect(cumulative, rng.random() * total), len(forms) - 1)]
                words.append(respell(word, rng))
                if k < length - 1 and rng.random() < 0.06:
                    words[-1] += rng.choice(PUNCTUATION)
            paragraphs.append(" ".join(words) + ".")
            left -= length
        n += 1
        date = start + datetime.timedelta(days=rng.randrange(7 * 365))
        yield f"doc{n:06d}", rng.choice(OUTLETS), date.isoformat(), "\n".join(paragraphs)
        written += size


def realistic_corpus(tokens: int, seed: int = 0):
    """The corpus as a DataFrame: doc_id, outlet, date, text (``framing.load_corpus`` reads it)."""
    import pandas as pd

    return pd.DataFrame(list(documents(tokens, seed)), columns=["doc_id", "outlet", "date", "text"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=1_000_000, help="how many words (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="the .csv or .jsonl file to write")
    args = parser.parse_args(argv)
    if args.tokens < 1:
        parser.error(f"--tokens must be at least 1, not {args.tokens}")
    if args.out.suffix not in (".csv", ".jsonl"):
        parser.error(f"--out {args.out}: give a .csv or .jsonl file")
    frame = realistic_corpus(args.tokens, args.seed)
    if args.out.suffix == ".csv":
        frame.to_csv(args.out, index=False, encoding="utf-8")
    else:
        frame.to_json(args.out, orient="records", lines=True, force_ascii=False)
    print(f"wrote {args.out}: {len(frame)} documents, {args.tokens} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
