"""The student notebooks as JupyterLite gets them: what runs in the browser tab (internal).

:func:`lite_notebook` turns a student notebook into its JupyterLite copy: its
first cell installs the kit from the site's own ``pypi/`` and opens the same
:class:`framing.selfcheck.Checks` as in JupyterLab (the browser grader).
"""

from __future__ import annotations

import json
import re

from framing.selfcheck import Checks, init_cell

__all__ = ["INSTALL_CELL", "KERNELSPEC", "LiteGrader", "NEEDED", "SETUP_CELL", "install_cell", "lite_notebook"]

#: The kernel name of a Pyodide notebook in JupyterLite.
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}

#: What the install cell checks, after ``%pip``: a failed download is otherwise silent (the
#: only sign is "Failed to fetch" in the browser's console).
NEEDED = ("numpy", "pandas", "matplotlib", "sklearn", "yaml", "framing")

_ONLINE = ("The first time, this page needs an internet connection (the browser downloads "
           "Python's scientific packages); on a network without one, ask your instructor "
           "for the kit's offline build of this site. Then reload the page and run this cell again.")


def install_cell(offline=None) -> str:
    """The cell that installs the kit in JupyterLite and says plainly when that failed.

    ``offline`` is None for a site that loads Pyodide from its CDN, else the
    names of the Pyodide packages its offline build lacks (``[]``: none), so
    that the message says what is missing rather than asking for a connection.

    >>> "needs an internet connection" in install_cell()
    True
    >>> "built without numpy, pandas" in install_cell(["numpy", "pandas"])
    True
    """
    if offline is None:
        advice = _ONLINE
    elif offline:
        advice = (f"This offline site was built without {', '.join(offline)}: ask your instructor to "
                  "build it again with them (framing lite --pyodide DIR --fetch, on a machine with internet).")
    else:
        advice = ("This offline site has every package: reload the page and run this cell again; if it "
                  "fails again, show your instructor this message.")
    return """\
# JupyterLite: Python runs in this browser tab (Pyodide). The next lines install the kit from
# this site's own copy; the first time, the browser also loads numpy, pandas, matplotlib
# and scikit-learn for Pyodide (about a minute).
import importlib as _il
_said = ""
try:
    %pip install -q framing
except Exception as _err:  # a package this site does not have, or a download that failed
    _said = f" (the install said: {type(_err).__name__}: {str(_err).strip()[:300]})"
_failed = []
for _name in """ + repr(NEEDED) + """:
    try:
        _il.import_module(_name)
    except Exception as _err:
        _failed.append(f"{_name} ({type(_err).__name__})")
if _failed:
    raise RuntimeError("The install did not work: " + ", ".join(_failed) + " cannot be imported" + _said + ". "
                       """ + repr(advice) + """)
print("framing is installed: run the cells in order.")"""


INSTALL_CELL = install_cell()

#: The first cell of a JupyterLite notebook: the install, then the notebook's own first cell.
SETUP_CELL = INSTALL_CELL.replace("{", "{{").replace("}", "}}") + "\n{init}"


# The first cell of a student notebook: the kit's (framing.selfcheck.init_cell), or otter's.
_INIT = re.compile(r"^\s*grader\s*=\s*(?:otter\.Notebook|Checks)\((?P<args>[^)]*)\)\s*$", re.M)
_AST_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from arabicstopwords import arabicstopwords as (?P<alias>\w+)[ \t]*(#.*)?$", re.M
)


#: The public checks in the browser are the same as in JupyterLab (the old name of :class:`Checks`).
LiteGrader = Checks


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _without_stopwords_import(src: str) -> str:
    """Read the package's stopword list from the kit's text file, not from arabicstopwords."""
    match = _AST_IMPORT.search(src)
    if not match:
        return src
    alias = match["alias"]
    rest = re.sub(rf"\b{alias}\.stopwords_list\(\)", "raw_stopwords()", src)
    if re.search(rf"\b{alias}\b", _AST_IMPORT.sub("", rest)):
        return src  # the cell uses more of the package: leave it as it is
    line = (f"{match['indent']}from framing.stopwords import raw_stopwords   # JupyterLite: the package's "
            "list from a text file\n"
            f"{match['indent']}# (importing arabicstopwords takes about 400 MB of the browser's memory)")
    return _AST_IMPORT.sub(lambda _: line, rest, count=1)


def lite_notebook(nb: dict, offline=None) -> dict:
    """The JupyterLite copy of a student notebook (a new dict; ``nb`` is not changed).

    The kernel becomes ``python``; the cell that opens otter's grader
    (``grader = Checks("...")``, or otter's ``grader = otter.Notebook("...")``)
    becomes :data:`SETUP_CELL`, which installs the kit, then opens the same
    :class:`framing.selfcheck.Checks` (a
    notebook without one gets the install lines as a new first cell); a cell
    that imports arabicstopwords reads the kit's text file instead. Every
    other cell is kept as it is, outputs cleared. ``offline``: see
    :func:`install_cell`.

    >>> nb = {"metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5,
    ...       "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": 1,
    ...                  "source": ['import otter\\n', 'grader = otter.Notebook("01_corpus.ipynb")']}]}
    >>> lite = lite_notebook(nb)
    >>> lite["metadata"]["kernelspec"]["name"], nb["metadata"]["kernelspec"]["name"]
    ('python', 'python3')
    >>> src = lite["cells"][0]["source"]
    >>> "%pip install -q framing" in src and 'grader = Checks("01_corpus")' in src
    True
    """
    lite = json.loads(json.dumps(nb))
    lite.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    setup_done = False
    for cell in lite.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = _source(cell)
        init = _INIT.search(src)
        if init and not setup_done:
            name = json.loads(init["args"].strip() or '""')
            src = install_cell(offline) + "\n" + init_cell(name[:-len(".ipynb")] if name.endswith(".ipynb") else name)
            setup_done = True
        cell["source"] = _without_stopwords_import(src)
        cell["outputs"], cell["execution_count"] = [], None
    if not setup_done:
        lite.setdefault("cells", []).insert(0, {
            "cell_type": "code", "id": "framing-lite-install", "metadata": {}, "outputs": [],
            "execution_count": None, "source": install_cell(offline),
        })
    return lite
