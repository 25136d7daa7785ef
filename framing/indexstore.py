"""A corpus's index saved on disk, so a large corpus is indexed once, not in every session.

Building the index of ten million tokens takes half a minute; reading it
back takes a few seconds. :func:`framing.index.corpus_index` saves the index
of any corpus of at least :data:`MIN_CHARS` characters here, and reads it back
the next time the same corpus is searched: in the next notebook session, or
in the next ``framing --corpus FILE ...`` command.

The file is named by a SHA-256 of everything the index is made from: every
document's ``doc_id``, ``outlet``, ``event``, text and furniture spans, whether
furniture is kept, and the source of the code that cuts and normalises
tokens (and the Python and Unicode versions it runs on). Change one letter
of one text (or upgrade the kit) and the name
changes, so the index is built again; nothing is ever read for a corpus it
was not made from. The files hold numbers and the vocabulary as text
(numpy's ``.npz``, read with ``allow_pickle=False``): reading one runs no
code. A file that cannot be read, or that does not fit the corpus, is
deleted and the index built again.

Where: the folder named by the environment variable ``FRAMING_INDEX_CACHE``,
else ``$XDG_CACHE_HOME/framing/index``, else ``~/.cache/framing/index``.
``FRAMING_INDEX_CACHE=off`` saves nothing (``framing grade`` runs students'
notebooks so: one student's files must not reach another's run). At most
:data:`MAX_FILES` indexes are kept, the least recently used deleted first.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import tempfile
import unicodedata
import warnings
from array import array
from pathlib import Path

__all__ = ["ENV", "MAX_FILES", "MIN_CHARS", "cache_dir", "corpus_key", "load", "save"]

#: The environment variable that names the folder (or ``off``).
ENV = "FRAMING_INDEX_CACHE"
#: Corpora with fewer characters of text than this are indexed in well under a second: not saved.
MIN_CHARS = 1_000_000
#: How many saved indexes are kept.
MAX_FILES = 8
#: The layout of the saved file; a new layout gives new names.
FORMAT = 1
# the modules whose code decides the tokens and their normal forms
_CODE = ("normalize.py", "tokenizer.py", "spans.py", "index.py", "indexstore.py")


def cache_dir() -> Path | None:
    """The folder indexes are saved in, or None when ``FRAMING_INDEX_CACHE`` is ``off``.

    >>> import os
    >>> os.environ["FRAMING_INDEX_CACHE"] = "off"
    >>> cache_dir() is None
    True
    >>> del os.environ["FRAMING_INDEX_CACHE"]
    """
    value = os.environ.get(ENV)
    if value is not None:
        if value.strip().lower() in ("off", "0", "no", "false", ""):
            return None
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing" / "index"


def _code_digest() -> bytes:
    here = Path(__file__).parent
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.digest()


def _field(digest, value) -> None:
    data = str(value).encode("utf-8", "surrogatepass")
    digest.update(struct.pack("<Q", len(data)))
    digest.update(data)


def corpus_key(corpus, furniture: bool) -> str:
    """The SHA-256 (hex) that names a corpus's saved index: its content, the furniture choice, the code."""
    from framing import __version__

    digest = hashlib.sha256(_code_digest())
    _field(digest, __version__)
    # what \w matches and how normalize composes come from this Python's Unicode tables
    _field(digest, f"{sys.version_info[0]}.{sys.version_info[1]} unicode {unicodedata.unidata_version}")
    _field(digest, bool(furniture))
    events = corpus["event"] if "event" in corpus.columns else [None] * len(corpus)
    spans = corpus["furniture"] if "furniture" in corpus.columns else [()] * len(corpus)
    _field(digest, len(corpus))
    for doc_id, outlet, event, text, span in zip(corpus["doc_id"], corpus["outlet"], events, corpus["text"], spans):
        for value in (doc_id, outlet, repr(event), text, repr(span)):
            _field(digest, value)
    return digest.hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / f"{key}.npz"


def _joined(arrays, dtype):
    """The ``array.array`` objects ``arrays`` end to end, as one numpy array of ``dtype`` (their own item type)."""
    import numpy as np

    data = b"".join(a.tobytes() for a in arrays)
    return np.frombuffer(data, dtype=dtype) if data else np.zeros(0, dtype=dtype)


def save(idx, key: str) -> Path | None:
    """Write ``idx`` under ``key``; returns the file, or None (saving is off, or failed: a warning says why).

    The file holds, for the corpus's tokens end to end, each one's form (a
    number into ``vocabulary``) and offsets, and each form's places in
    ``postings``, grouped by form: reading it back is copying, not sorting.
    """
    import numpy as np

    folder = cache_dir()
    if folder is None:
        return None
    lengths = np.fromiter((len(d.norms) for d in idx.docs), dtype=np.int64, count=len(idx.docs))
    counts = np.fromiter((len(p) for p in idx.postings.values()), dtype=np.int64, count=len(idx.postings))
    places = _joined(idx.postings.values(), np.int64)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    ids = np.empty(len(places), dtype=np.int32)  # the form of every token, from where each form's places are
    ids[first[places >> 32] + (places & 0xFFFFFFFF)] = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    long = np.dtype(array("l").typecode)
    starts, ends = _joined((d.starts for d in idx.docs), long), _joined((d.ends for d in idx.docs), long)
    offsets = np.uint32 if len(starts) == 0 or int(ends.max()) < 2**32 else np.int64
    arrays = {
        "key": np.array(key),
        "lengths": lengths,
        "skipped": np.fromiter((d.skipped for d in idx.docs), dtype=np.int64, count=len(idx.docs)),
        "ids": ids,
        "starts": starts.astype(offsets),
        "ends": ends.astype(offsets),
        "counts": counts,
        "places": places,
        "vocabulary": np.frombuffer("\n".join(idx.postings).encode("utf-8", "surrogatepass"), dtype=np.uint8),
    }
    part = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as part:
            np.savez(part, **arrays)
        os.replace(part.name, _path(folder, key))  # whole or not at all: never a half-written index
    except BaseException as err:  # an interrupted save (Ctrl+C, a full disk) leaves no .part behind
        if part is not None:
            Path(part.name).unlink(missing_ok=True)
        if not isinstance(err, OSError):
            raise
        warnings.warn(f"The corpus's index could not be saved in {folder} ({err}); it will be built again "
                      f"next time. Set {ENV} to another folder, or to off.", stacklevel=3)
        return None
    _prune(folder)
    return _path(folder, key)


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_FILES` most recently used indexes, and no ``.part`` left by a save cut short
    an hour ago or more; another process pruning the same folder at once is no error."""
    import time

    def mtime(path):
        try:
            return path.stat().st_mtime
        except OSError:  # pruned by another process meanwhile
            return None

    dated = [(t, p) for p in folder.glob("*.npz") if (t := mtime(p)) is not None]
    for _, old in sorted(dated, reverse=True)[MAX_FILES:]:
        old.unlink(missing_ok=True)
    for part in folder.glob("*.part"):
        t = mtime(part)
        if t is not None and time.time() - t > 3600:
            part.unlink(missing_ok=True)


_PARTS = ("key", "lengths", "skipped", "ids", "starts", "ends", "counts", "places", "vocabulary")


def load(idx, key: str) -> bool:
    """Fill ``idx`` (a :class:`framing.index.CorpusIndex` with its documents made) from the file saved under ``key``.

    Returns False when there is no such file, or when it cannot be read or
    does not fit ``idx`` (it is then deleted, so the next save replaces it).
    """
    import zipfile

    import numpy as np

    folder = cache_dir()
    path = None if folder is None else _path(folder, key)
    if path is None or not path.is_file():
        return False
    try:
        with np.load(path, allow_pickle=False) as data:
            parts = {name: data[name] for name in _PARTS}
        filled = _filled(idx, parts, key)
    except (OSError, ValueError, KeyError, EOFError, TypeError, IndexError, OverflowError, UnicodeError,
            zipfile.BadZipFile) as err:
        path.unlink(missing_ok=True)
        warnings.warn(f"The saved index {path} could not be read ({err}): it is built again.", stacklevel=3)
        return False
    for doc, (norms, starts, ends, skipped) in zip(idx.docs, filled[0]):
        doc.norms, doc.starts, doc.ends, doc.skipped = norms, starts, ends, skipped
    idx.postings = filled[1]
    try:
        os.utime(path)  # recently used: kept when older ones are pruned
    except OSError:  # another process has just pruned it: what was read stands
        pass
    return True


#: What kind of array each part of the file must be: (numpy dtype kinds, number of dimensions).
_SHAPES = {"key": ("U", 0), "lengths": ("iu", 1), "skipped": ("iu", 1), "ids": ("iu", 1), "starts": ("iu", 1),
           "ends": ("iu", 1), "counts": ("iu", 1), "places": ("i", 1), "vocabulary": ("u", 1)}


def _filled(idx, parts: dict, key: str):
    """Check the file's parts against ``idx`` and make, without touching ``idx``, each document's
    ``(norms, starts, ends, skipped)`` and the postings; a ValueError says what does not fit."""
    import numpy as np

    for name, (kinds, ndim) in _SHAPES.items():
        if parts[name].dtype.kind not in kinds or parts[name].ndim != ndim:
            raise ValueError(f"its {name!r} is not what the kit writes")
    if parts["places"].dtype.itemsize != 8:
        raise ValueError("its 'places' is not what the kit writes")
    text = bytes(parts["vocabulary"]).decode("utf-8", "surrogatepass")
    vocabulary = text.split("\n") if text else []
    lengths, ids, counts, places = parts["lengths"], parts["ids"], parts["counts"], parts["places"]
    total = int(lengths.sum())
    if (str(parts["key"]) != key or len(lengths) != len(idx.docs) or len(parts["skipped"]) != len(idx.docs)
            or not len(ids) == len(parts["starts"]) == len(parts["ends"]) == len(places) == total
            or len(counts) != len(vocabulary) or int(counts.sum()) != total
            or (len(lengths) and int(lengths.min()) < 0) or (len(counts) and int(counts.min()) < 0)
            or (total and (int(ids.min()) < 0 or int(ids.max()) >= len(vocabulary)))):
        raise ValueError("it does not fit the corpus")
    if total:
        where = places >> 32
        if (int(where.min()) < 0 or int(where.max()) >= len(lengths)
                or bool(((places & 0xFFFFFFFF) >= lengths[where]).any())):
            raise ValueError("a place lies outside its document")
        if int(parts["starts"].min()) < 0 or bool((parts["starts"] > parts["ends"]).any()):
            raise ValueError("a token ends before it starts")
    bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    norms = np.array(vocabulary, dtype=object)[ids] if total else np.zeros(0, dtype=object)  # the strs, shared
    long = np.dtype(array("l").typecode)  # array("l") holds C longs
    starts, ends, skipped = parts["starts"], parts["ends"], parts["skipped"].tolist()
    docs = []
    for d, doc in enumerate(idx.docs):
        a, b = bounds[d], bounds[d + 1]
        if b > a and int(ends[b - 1]) > len(doc.text):
            raise ValueError(f"a token of document {doc.doc_id!r} lies past its text")
        doc_starts, doc_ends = array("l"), array("l")
        doc_starts.frombytes(starts[a:b].astype(long).tobytes())
        doc_ends.frombytes(ends[a:b].astype(long).tobytes())
        docs.append((norms[a:b].tolist(), doc_starts, doc_ends, skipped[d]))
    postings, at = {}, 0
    for form, n in zip(vocabulary, counts.tolist()):
        places_of = array("q")
        places_of.frombytes(places[at:at + n].tobytes())
        postings[form] = places_of
        at += n
    return docs, postings

