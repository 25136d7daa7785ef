"""A JupyterLite site of the kit: the student notebooks, with Python running in the browser.

``framing lite --out DIR`` (or :func:`build_lite`) lays out a JupyterLite
"lite dir" and runs ``jupyter lite build`` on it (jupyterlite-core and
jupyterlite-pyodide-kernel: ``python -m pip install -e ".[lite]"``):

* ``content/``: copies of the student notebooks (``notebooks/``) and of the
  folders they mention (``data/``, ``seeds/``), at the same places relative
  to each other as in the repository. A copy differs from its original in
  three ways only (:func:`lite_notebook`): its kernel is ``python`` (the
  Pyodide kernel's name); its first cell installs the kit
  (``%pip install framing``, found first in the site's own ``pypi/``) and
  makes ``grader`` the same :class:`framing.selfcheck.Checks` as in JupyterLab; and it does not
  import the arabic-stopwords package (see :mod:`framing.stopwords`).
* ``pypi/``: the kit's wheel, built from this checkout, and the pure-Python
  wheels of the dependencies that Pyodide does not ship (:data:`LITE_WHEELS`),
  downloaded once with pip into a cache and checked against their sha256.

Pyodide itself (the interpreter, and numpy, pandas, matplotlib,
scikit-learn, PyYAML, six) is not in the site: the browser loads it from
Pyodide's CDN the first time a notebook starts, as the kernel does by default.

otter-grader is not installed in the browser. Its 7.x release does detect
JupyterLite, but it needs 28 packages that Pyodide does not ship (Sphinx and
its extensions among them, through fica) and ``wrapt<2`` where Pyodide ships
wrapt 2. The student notebooks do not need it: their first cell opens
:class:`framing.selfcheck.Checks`, which runs the public checks from the
notebook's own metadata, in JupyterLab and in the browser alike.
"""

from __future__ import annotations

from framing.lite.build import (
    LITE_WHEELS,
    MARKER,
    PYODIDE_EXTENSION,
    PYODIDE_PYTHON,
    WIDGETS_EXTENSION,
    Wheel,
    build_lite,
    build_wheel,
    default_wheel_cache,
    fetch_wheels,
)
from framing.lite.notebook import INSTALL_CELL, KERNELSPEC, SETUP_CELL, LiteGrader, lite_notebook

__all__ = [
    "INSTALL_CELL", "KERNELSPEC", "LITE_WHEELS", "LiteGrader", "MARKER", "PYODIDE_EXTENSION", "PYODIDE_PYTHON",
    "SETUP_CELL", "WIDGETS_EXTENSION", "Wheel", "build_lite", "build_wheel", "default_wheel_cache", "fetch_wheels", "lite_notebook",
]
