"""Progress bars on long work (framing.progress): shown once work takes more than DELAY seconds, never on the seeds.

A bar waits DELAY (2 s) before it appears, so these tests set it to 0 to see
the bars that a ten-million-token corpus would show, and leave it at 2 s to
check that the seeds show none.
"""

import subprocess
import sys

import pytest

import framing
import framing.index
import framing.progress
from conftest import ROOT

VERBS = [
    ("index", lambda c: framing.index.corpus_index(c), "Indexing 5 documents"),
    ("terms", lambda c: framing.terms(c), "Counting terms"),
    ("frequencies", lambda c: framing.frequencies(c), "Counting terms"),
    ("tfidf", lambda c: framing.tfidf(c, by="outlet"), "Counting terms"),
    ("ngrams", lambda c: framing.ngrams(c, n=3), "Counting 3-word sequences"),
    ("collocates", lambda c: framing.collocates(c, "غزو"), "Counting collocates"),
    ("tokens", lambda c: framing.tokens(c), "Listing tokens"),
]


@pytest.mark.parametrize("name, call, says", VERBS, ids=[v[0] for v in VERBS])
def test_long_work_shows_a_bar_that_says_what_it_does(name, call, says, corpus, capsys, monkeypatch):
    monkeypatch.setattr(framing.progress, "DELAY", 0)
    framing.index._CACHE.clear()
    call(corpus)
    err = capsys.readouterr().err
    assert says in err


@pytest.mark.parametrize("name, call, says", VERBS, ids=[v[0] for v in VERBS])
def test_the_seeds_show_no_bar(name, call, says, corpus, capsys):
    framing.index._CACHE.clear()
    call(corpus)
    assert says not in capsys.readouterr().err


def test_tqdm_disable_turns_every_bar_off(tmp_path):
    code = ("import framing, framing.progress as p; p.DELAY = 0; c = framing.load_corpus(); "
            "framing.terms(c); framing.tokens(c)")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRAMING_INDEX_CACHE": "off"}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    hidden = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**env, "TQDM_DISABLE": "1"})
    assert shown.returncode == hidden.returncode == 0, shown.stderr + hidden.stderr
    assert "Counting terms" in shown.stderr and "Listing tokens" in shown.stderr
    assert hidden.stderr == ""
