"""Arabic stopwords from the arabic-stopwords package, in the kit's spelling.

The package lists 13,000+ forms, with their clitics (``بأن``, ``وفي``), in
hamza spellings (``أن``, ``إلى``). The kit's texts are normalised
(``إلى`` becomes ``الى``), so the list is normalised with the same
:func:`framing.normalize`: without that, stopwords silently stop matching.

In JupyterLite (Pyodide, ``sys.platform == "emscripten"``) the package is
not imported: its 6.8 MB dict literal takes about 400 MB of the browser's
memory to compile. The same forms, as the package spells them, ship as a
plain text file, ``data/stopwords.txt`` (in the wheel
``framing/_bundled/data/stopwords.txt``), read there instead; a test keeps
the file equal to the package's list. After upgrading arabic-stopwords,
rewrite it with :func:`write_forms` (``python -c "from framing.stopwords import
write_forms; write_forms('data/stopwords.txt')"``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from framing.bundled import bundled_dir
from framing.errors import FramingError
from framing.normalize import normalize
from framing.params import Text, validate_params

__all__ = ["stopwords", "is_stopword", "raw_stopwords"]

#: The text file of the package's forms, in the bundled ``data/`` folder.
FORMS_FILE = "stopwords.txt"


def forms_path() -> Path:
    """Where the plain-text copy of the stopword forms is (checkout or wheel).

    >>> forms_path().name
    'stopwords.txt'
    """
    return bundled_dir("data") / FORMS_FILE


def _read_forms(path: Path) -> tuple:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FramingError(
            f"The stopword list {path} is missing from this installation of framing "
            "(the wheel carries it as framing/_bundled/data/stopwords.txt)."
        ) from None
    forms = tuple(line for line in text.splitlines() if line and not line.startswith("#"))
    if not forms:
        raise FramingError(f"The stopword list {path} has no forms in it.")
    return forms


@lru_cache(maxsize=1)
def raw_stopwords() -> tuple:
    """The package's stopword forms as it spells them (hamza and all), not normalised.

    In JupyterLite they come from the text file (see the module notes),
    elsewhere from the arabic-stopwords package itself.

    >>> raw = raw_stopwords()
    >>> "إلى" in raw, "الي" in raw       # the raw list has the hamza spelling only
    (True, False)
    >>> len(raw) > 13000
    True
    """
    if sys.platform == "emscripten":
        return _read_forms(forms_path())
    from arabicstopwords import arabicstopwords as ast

    return tuple(ast.stopwords_list())


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """The set of normalised Arabic stopword forms.

    >>> sw = stopwords()
    >>> "الي" in sw and "في" in sw and "وفي" in sw   # الي is إلى normalised
    True
    >>> "إلى" in sw                                 # raw hamza spelling is not
    False
    >>> "غزو" in sw
    False
    """
    return frozenset(normalize(w) for w in raw_stopwords())


@validate_params({"token": [Text()]})
def is_stopword(token: str) -> bool:
    """Is ``token`` (as printed or normalised) an Arabic stopword?

    >>> is_stopword("إلى"), is_stopword("الغزو")
    (True, False)
    """
    return normalize(token) in stopwords()


def write_forms(path) -> int:
    """Write the arabic-stopwords package's forms to ``path``, one a line, sorted; return how many.

    This makes ``data/stopwords.txt``, the copy JupyterLite reads.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "stopwords.txt"
    >>> write_forms(out) == len(set(raw_stopwords()))
    True
    >>> out.read_text(encoding="utf-8").startswith("# ")
    True
    """
    from importlib.metadata import version

    from arabicstopwords import arabicstopwords as ast

    forms = sorted(set(ast.stopwords_list()))
    header = [
        f"# The stopword forms of arabic-stopwords {version('arabic-stopwords')} (Taha Zerrouki,",
        "# GPL-2.0-or-later), as the package spells them, one a line, sorted. framing reads this",
        "# file instead of importing the package in JupyterLite, where the package's dict literal",
        "# takes about 400 MB of the browser's memory. Lines starting with # are comments.",
        "# Made by: python -c \"from framing.stopwords import write_forms; write_forms('data/stopwords.txt')\"",
    ]
    Path(path).write_text("\n".join(header + forms) + "\n", encoding="utf-8")
    return len(forms)

