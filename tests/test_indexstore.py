"""The index saved on disk (framing.indexstore): read back for the same corpus, never for another (issue 16).

Every test points FRAMING_INDEX_CACHE at its own temporary folder and lowers
MIN_CHARS so that the seed corpus (about 23,000 characters) counts as large.
What a saved index must hold is compared with an index built from scratch
with saving off: a different path through the code (tokenising the texts).
"""

import shutil
import subprocess
import sys
import warnings

import numpy as np
import pytest

import framing
import framing.index
import framing.progress
from conftest import ROOT
from framing import indexstore
from framing.grading.sandbox import runner_env
from framing.index import CorpusIndex, corpus_index


@pytest.fixture()
def store(tmp_path, monkeypatch):
    folder = tmp_path / "index"
    monkeypatch.setenv(indexstore.ENV, str(folder))
    monkeypatch.setattr(indexstore, "MIN_CHARS", 1)
    framing.index._CACHE.clear()
    yield folder
    framing.index._CACHE.clear()


def built(corpus, furniture=False):
    """The index made from the texts alone (saving off)."""
    return CorpusIndex(corpus, furniture=furniture)


def same(a, b):
    assert [d.doc_id for d in a.docs] == [d.doc_id for d in b.docs]
    for x, y in zip(a.docs, b.docs):
        assert (x.norms, list(x.starts), list(x.ends), x.skipped, x.furniture) == (
            y.norms, list(y.starts), list(y.ends), y.skipped, y.furniture)
    assert list(a.postings) == list(b.postings)
    assert all(list(a.postings[f]) == list(b.postings[f]) for f in b.postings)


@pytest.mark.parametrize("furniture", [False, True])
def test_the_index_read_back_is_the_index_built_from_the_texts(store, corpus, monkeypatch, furniture):
    expected = built(corpus, furniture)
    corpus_index(corpus, furniture=furniture)
    assert len(list(store.glob("*.npz"))) == 1
    framing.index._CACHE.clear()
    monkeypatch.setattr(CorpusIndex, "_tokenize", lambda *args, **kwargs: pytest.fail("built from the texts again"))
    same(corpus_index(corpus, furniture=furniture), expected)
    # and the verbs on it: the eight غزو hits read in the seeds (AFP French 2, AFP Arabic 1, Reuters 5)
    assert len(framing.kwic(corpus, "غزو", furniture=furniture)) == 8
    if not furniture:  # summary() reads the index without furniture: Reuters' 17 furniture tokens, Al-Monitor's 71
        assert framing.summary(corpus).furniture_tokens.sum() == 17 + 71


def test_one_letter_changed_in_one_text_builds_the_index_again(store, corpus):
    corpus_index(corpus)
    edited = corpus.copy()
    edited.loc[2, "text"] = edited.loc[2, "text"].replace("الغزو", "الغزا", 1)
    framing.index._CACHE.clear()
    idx = corpus_index(edited)
    assert len(list(store.glob("*.npz"))) == 2  # a second file, under another name
    same(idx, built(edited))
    assert len(framing.kwic(edited, "غزو")) == 7  # one of Reuters' five is gone


def test_an_edited_corpus_file_is_indexed_again(store, tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text("doc_id,outlet,text\nd1,A,شنت القوات غزوا واسعا\nd2,B,عملية عسكرية محدودة\n", encoding="utf-8")
    assert framing.kwic(framing.load_corpus(path), "غزو").doc_id.tolist() == ["d1"]
    path.write_text("doc_id,outlet,text\nd1,A,شنت القوات عملية واسعة\nd2,B,عملية عسكرية محدودة\n", encoding="utf-8")
    framing.index._CACHE.clear()
    reloaded = framing.load_corpus(path)
    assert framing.kwic(reloaded, "غزو").empty
    assert framing.kwic(reloaded, "عملية").doc_id.tolist() == ["d1", "d2"]


RETYPED = {  # a part of the file replaced by an array of another kind (as by a hand edit or another program)
    "places as floats": ("places", lambda a: a.astype(float)),
    "places as int32": ("places", lambda a: a.astype(np.int32)),
    "lengths as floats": ("lengths", lambda a: a.astype(float)),
    "lengths as text": ("lengths", lambda a: a.astype(str)),
    "lengths as one number": ("lengths", lambda a: np.array(a.sum())),
    "counts as floats": ("counts", lambda a: a.astype(float)),
    "ids as floats": ("ids", lambda a: a.astype(float)),
    "a negative length": ("lengths", lambda a: np.concatenate([[-1, a[0] + a[1] + 1], a[2:]])),
    "ends past the text": ("ends", lambda a: a + 10**6),
}


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "another corpus's index", "a place outside", *RETYPED])
def test_a_file_that_cannot_be_read_or_does_not_fit_is_deleted_and_the_index_built_again(store, corpus, damage):
    corpus_index(corpus)
    (saved,) = store.glob("*.npz")
    if damage == "truncated":
        saved.write_bytes(saved.read_bytes()[:300])
    elif damage == "not a zip":
        saved.write_text("hello", encoding="utf-8")
    elif damage in RETYPED:
        name, change = RETYPED[damage]
        data = dict(np.load(saved))
        data[name] = change(data[name])
        np.savez(saved, **data)
    elif damage == "a place outside":  # token 99,999 of document 3, which has 480
        data = dict(np.load(saved))
        data["places"] = data["places"].copy()
        data["places"][0] = (3 << 32) | 99_999
        np.savez(saved, **data)
    else:  # a file of another corpus, put under this corpus's name
        other = corpus.iloc[:2].reset_index(drop=True)
        corpus_index(other)
        (made,) = [p for p in store.glob("*.npz") if p != saved]
        shutil.copy(made, saved)
    framing.index._CACHE.clear()
    with pytest.warns(UserWarning, match="could not be read .*: it is built again"):
        idx = corpus_index(corpus)
    same(idx, built(corpus))
    framing.index._CACHE.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same(corpus_index(corpus), built(corpus))  # saved again, whole: read without a warning


def test_small_corpora_are_not_saved(tmp_path, monkeypatch, corpus):
    monkeypatch.setenv(indexstore.ENV, str(tmp_path / "index"))
    framing.index._CACHE.clear()
    assert sum(map(len, corpus.text)) < indexstore.MIN_CHARS
    corpus_index(corpus)
    assert not (tmp_path / "index").exists()


@pytest.mark.parametrize("value", ["off", "OFF", "0", ""])
def test_off_saves_nothing(tmp_path, monkeypatch, corpus, value):
    monkeypatch.setenv(indexstore.ENV, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(indexstore, "MIN_CHARS", 1)
    framing.index._CACHE.clear()
    corpus_index(corpus)
    assert indexstore.cache_dir() is None and not any(tmp_path.rglob("*.npz"))


def test_the_default_folder_is_under_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(indexstore.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert indexstore.cache_dir() == tmp_path / "framing" / "index"


def test_only_the_most_recently_used_indexes_are_kept(store, corpus, monkeypatch):
    monkeypatch.setattr(indexstore, "MAX_FILES", 2)
    for n in (2, 3, 4):
        corpus_index(corpus.iloc[:n].reset_index(drop=True))
    assert len(list(store.glob("*.npz"))) == 2


def test_a_folder_that_cannot_be_written_warns_and_the_index_still_works(tmp_path, monkeypatch, corpus):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(indexstore.ENV, str(blocker / "index"))  # a folder inside a file: cannot be made
    monkeypatch.setattr(indexstore, "MIN_CHARS", 1)
    framing.index._CACHE.clear()
    with pytest.warns(UserWarning, match=r"could not be saved in .*a-file.*Set FRAMING_INDEX_CACHE"):
        idx = corpus_index(corpus)
    same(idx, built(corpus))
    assert not list(tmp_path.glob("**/*.part"))


def test_the_key_changes_with_every_part_of_the_corpus(corpus):
    key = indexstore.corpus_key(corpus, False)
    assert key == indexstore.corpus_key(corpus.copy(), False)
    assert key != indexstore.corpus_key(corpus, True)
    for column, value in [("doc_id", "x"), ("outlet", "x"), ("event", "x"), ("text", "x")]:
        edited = corpus.copy()
        edited.loc[0, column] = value
        assert indexstore.corpus_key(edited, False) != key, column
    edited = corpus.copy()
    edited["furniture"] = [[(0, 5)]] + [[]] * (len(corpus) - 1)
    assert indexstore.corpus_key(edited, False) != key


def test_building_a_large_index_shows_a_progress_bar(store, corpus, capsys, monkeypatch):
    monkeypatch.setattr(framing.progress, "DELAY", 0)  # the seeds take less than the 2 s a bar waits for
    corpus_index(corpus)
    assert "Indexing 5 documents (saved for next time)" in capsys.readouterr().err


def test_the_command_line_reads_the_saved_index_in_the_next_command(tmp_path):
    corpus = tmp_path / "corpus.csv"
    corpus.write_text("doc_id,outlet,text\n" + "".join(f"d{i},A,شنت القوات غزوا واسعا في اليوم {i}\n"
                                                     for i in range(40)), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), indexstore.ENV: str(tmp_path / "index")}
    cmd = [sys.executable, "-c", "import sys, framing.indexstore as s, framing.progress as p; s.MIN_CHARS = 1; "
           "p.DELAY = 0; "
           "from framing.cli import main; sys.exit(main(sys.argv[1:]))", "--corpus", str(corpus), "kwic", "غزو"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "Indexing 40 documents" in first.stderr and len(list((tmp_path / "index").glob("*.npz"))) == 1
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert "Indexing" not in second.stderr  # read back, not built


def test_grading_runs_never_save_or_read_an_index():
    assert runner_env("/home/student", "/tmp")[indexstore.ENV] == "off"


class _Planted:
    """Unpickling this writes a file: the proof that a pickle in a saved index would run code."""

    path = None

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_reading_a_saved_index_runs_no_code_from_it(store, corpus, tmp_path):
    corpus_index(corpus)
    (saved,) = store.glob("*.npz")
    data = dict(np.load(saved))
    _Planted.path = tmp_path / "ran"
    data["vocabulary"] = np.array([_Planted()], dtype=object)  # a pickle where the vocabulary should be
    np.savez(saved, **data)
    framing.index._CACHE.clear()
    with pytest.warns(UserWarning, match="could not be read"):
        idx = corpus_index(corpus)
    assert not _Planted.path.exists()
    same(idx, built(corpus))


def test_a_save_cut_short_leaves_no_part_file(store, corpus, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        corpus_index(corpus)
    assert list(store.iterdir()) == []


def test_an_index_pruned_by_another_process_while_read_is_no_error(store, corpus, monkeypatch):
    corpus_index(corpus)
    framing.index._CACHE.clear()
    (saved,) = store.glob("*.npz")
    real = indexstore.os.utime

    def pruned_meanwhile(path, *args):  # another session's prune removes the file between read and touch
        saved.unlink()
        return real(path, *args)
    monkeypatch.setattr(indexstore.os, "utime", pruned_meanwhile)
    same(corpus_index(corpus), built(corpus))


def test_two_sessions_saving_and_pruning_one_folder_at_once(tmp_path):
    # three processes, each saving indexes of its own corpora into one folder that keeps one
    code = ("import sys, framing, framing.indexstore as s, framing.index as fi; s.MIN_CHARS = 1; s.MAX_FILES = 1\n"
            "c = framing.load_corpus()\n"
            "for n in range(1, 6):\n"
            "    fi._CACHE.clear(); fi.corpus_index(c.iloc[:n].reset_index(drop=True))\n"
            "    fi._CACHE.clear(); fi.corpus_index(c.iloc[:n].reset_index(drop=True))\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), indexstore.ENV: str(tmp_path / "index"),
           "TQDM_DISABLE": "1"}
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    assert len(list((tmp_path / "index").glob("*.npz"))) >= 1
