"""Building the JupyterLite site: wheels, content, ``jupyter lite build`` (run by instructors, not in the browser)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

from framing.errors import FramingError
from framing.lite.landing import write_landing_page
from framing.lite.notebook import lite_notebook
from framing.lite.offline import (PYODIDE_CDN, PYODIDE_PYTHON, fetch_pyodide, file_sha256, pip_download_command,
                                  stage_pyodide)

__all__ = ["LITE_WHEELS", "MARKER", "PYODIDE_EXTENSION", "PYODIDE_PYTHON", "WIDGETS_EXTENSION", "Wheel", "build_lite",
           "build_wheel", "default_wheel_cache", "fetch_wheels"]


class Wheel(NamedTuple):
    """A pinned dependency wheel for the site's ``pypi/`` folder."""

    requirement: str
    filename: str
    sha256: str


#: The kit's dependencies that Pyodide does not ship, as pure-Python wheels (see
#: lite/pyodide-packages.txt for what it does ship; tests/test_lite.py checks the two
#: together cover every requirement of the kit's wheel in the browser).
LITE_WHEELS = (
    # framing.plots draws with seaborn.
    Wheel("seaborn==0.13.2", "seaborn-0.13.2-py3-none-any.whl",
          "636f8336facf092165e27924f223d3c62ca560b1f2bb5dff7ab7fad265361987"),
    # Pyodide's matplotlib (3.10) has no libraqm: Arabic labels are joined by arabic-reshaper
    # and reordered by python-bidi. python-bidi >= 0.5 is compiled (Rust); 0.4.2 is Python.
    Wheel("arabic-reshaper==3.1.0", "arabic_reshaper-3.1.0-py3-none-any.whl",
          "ab71c16c18550443e07e7d3e99f30cf076fb84acc081118a3d6001c09d5b5fff"),
    Wheel("python-bidi==0.4.2", "python_bidi-0.4.2-py2.py3-none-any.whl",
          "50eef6f6a0bbdd685f9e8c207f3c9050f5b578d0a46e37c76a9c4baea2cc2e13"),
    # A dependency of the kit (and of `import arabicstopwords` in a student's own cell); the
    # kit itself reads data/stopwords.txt in the browser instead (framing.stopwords).
    Wheel("arabic-stopwords==0.4.3", "Arabic_Stopwords-0.4.3-py3-none-any.whl",
          "a1fd681f04316f5e2af6800db384ae665985767899ca6819a8f2b50220a66010"),
    Wheel("pyarabic==0.6.15", "PyArabic-0.6.15-py3-none-any.whl",
          "b9a530277876008f5fbe53249c6953b4513dbbf2ea8f4339694e87c8a75d7edf"),
    # framing.agreement: Krippendorff's alpha (pure Python, on Pyodide's numpy).
    Wheel("krippendorff==0.9.0", "krippendorff-0.9.0-py3-none-any.whl",
          "22ab549f5f05050080ea5c1a95be1401b64aaa01576fe61b2e8da666bc4e0034"),
    # The Pyodide kernel installs comm as it starts; Pyodide does not ship it, and an offline
    # site cannot fall back on PyPI for it.
    Wheel("comm==0.2.3", "comm-0.2.3-py3-none-any.whl",
          "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    # framing.coding_form, notebook 06's hand-coding form; ipywidgets requires the other two (their
    # JavaScript is not used in the browser's kernel: the site has the widgets' lab extension).
    Wheel("ipywidgets==8.1.9", "ipywidgets-8.1.9-py3-none-any.whl",
          "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    Wheel("jupyterlab_widgets==3.0.17", "jupyterlab_widgets-3.0.17-py3-none-any.whl",
          "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0"),
    Wheel("widgetsnbextension==4.0.16", "widgetsnbextension-4.0.16-py3-none-any.whl",
          "a31a8774885b96fe825462f5d6496166f0c7cae111195b6465c801d230eb5a4e"),
)

#: The file that marks a folder as a site built here (so a rebuild may replace it).
MARKER = "framing-lite.json"


PYODIDE_EXTENSION = "@jupyterlite/pyodide-kernel-extension"
#: The widgets' lab extension (from jupyterlab_widgets, which ipywidgets requires), for coding_form.
WIDGETS_EXTENSION = "@jupyter-widgets/jupyterlab-manager"


def default_wheel_cache() -> Path:
    """Where downloaded dependency wheels are kept between builds.

    >>> default_wheel_cache().parts[-2:]
    ('framing', 'lite-wheels')
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing" / "lite-wheels"


def _checkout(source) -> Path:
    root = Path(source) if source is not None else Path(__file__).resolve().parents[2]
    if not ((root / "pyproject.toml").is_file() and (root / "notebooks").is_dir()):
        raise FramingError(
            f"{root} is not a checkout of the kit (no pyproject.toml and notebooks/ there): framing lite "
            'builds the site from one; install it with python -m pip install -e ".[lite]".'
        )
    return root.resolve()


def _require_jupyterlite() -> list:
    """Check the build tools are here; return the lab extension folders the site takes (the kernel's, the widgets')."""
    missing = []
    for module, dist in (("jupyterlite_core", "jupyterlite-core"), ("jupyterlite_pyodide_kernel",
                         "jupyterlite-pyodide-kernel"), ("jupyter_server", "jupyter-server"), ("pkginfo", "pkginfo")):
        try:
            __import__(module)
        except ImportError:
            missing.append(dist)
    if missing:
        raise FramingError(f"framing lite needs {', '.join(missing)}: python -m pip install -e \".[lite]\".")
    found = []
    for name, package in ((PYODIDE_EXTENSION, "jupyterlite-pyodide-kernel"), (WIDGETS_EXTENSION, "jupyterlab_widgets")):
        ext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name
        if not (ext / "package.json").is_file():
            raise FramingError(f"{ext}: the JupyterLab extension {name} is not there; reinstall {package}.")
        found.append(ext)
    return found


def _run(cmd, what: str, cwd=None, timeout=600):
    import subprocess

    try:
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise FramingError(f"{what}: no answer after {timeout} s.") from None
    if done.returncode:
        lines = [ln for ln in (done.stderr + done.stdout).splitlines() if ln.strip()]
        last = next((ln for ln in reversed(lines) if "error" in ln.lower()), lines[-1] if lines else "")
        raise FramingError(f"{what} failed (exit {done.returncode}): {last.strip()}")
    return done


def fetch_wheels(wheels_dir=None) -> list:
    """The dependency wheels of :data:`LITE_WHEELS` in ``wheels_dir``, downloading the missing ones.

    ``wheels_dir`` defaults to :func:`default_wheel_cache`. A wheel already
    there with the pinned sha256 is used as it is (no network); the others are
    fetched with ``pip download --no-deps --only-binary=:all:`` and checked.

    >>> [w.requirement for w in LITE_WHEELS][:2]
    ['seaborn==0.13.2', 'arabic-reshaper==3.1.0']
    >>> paths = fetch_wheels()      # doctest: +SKIP
    """
    folder = Path(wheels_dir) if wheels_dir is not None else default_wheel_cache()
    if folder.exists() and not folder.is_dir():
        raise FramingError(f"{folder}: not a folder (the wheels folder must be one).")
    folder.mkdir(parents=True, exist_ok=True)
    missing = [w for w in LITE_WHEELS if not ((folder / w.filename).is_file()
                                              and file_sha256(folder / w.filename) == w.sha256)]
    if missing:
        _run(pip_download_command(folder, [w.requirement for w in missing]),
             f"pip download of {', '.join(w.requirement for w in missing)} into {folder} (without a package "
             f"index, put those wheels there by hand)")
    paths = []
    for w in LITE_WHEELS:
        path = folder / w.filename
        if not path.is_file():
            raise FramingError(f"{path}: pip did not leave this wheel for {w.requirement} there.")
        got = file_sha256(path)
        if got != w.sha256:
            raise FramingError(f"{path}: sha256 {got}, but {w.requirement} is pinned to {w.sha256}; "
                               "delete the file and build again.")
        paths.append(path)
    return paths


def build_wheel(source, dest) -> Path:
    """Build the kit's wheel from the checkout ``source`` into ``dest``; return its path.

    >>> build_wheel(".", "dist")      # doctest: +SKIP
    PosixPath('dist/framing-0.1.0-py3-none-any.whl')
    >>> build_wheel("/no/such/checkout", "dist")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: /no/such/checkout is not a checkout of the kit (no pyproject.toml and notebooks/ there): ...
    """
    source = _checkout(source)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    before = set(dest.glob("framing-*.whl"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dest), str(source)],
         f"pip wheel of {source}")
    made = sorted(set(dest.glob("framing-*.whl")) - before) or sorted(dest.glob("framing-*.whl"))
    if not made or not made[-1].name.endswith("-py3-none-any.whl"):
        raise FramingError(f"pip wheel of {source} left no framing-*-py3-none-any.whl in {dest}.")
    return made[-1]


def _check_out(out: Path, source: Path) -> None:
    """Refuse an output folder that holds anything but an earlier site (nothing is removed here)."""
    if source == out or source.is_relative_to(out):
        raise FramingError(f"{out}: the site cannot be built over the checkout {source}; choose another folder.")
    if out.exists():
        if not out.is_dir():
            raise FramingError(f"{out}: not a folder.")
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise FramingError(f"{out}: this folder is not empty and is not a site framing lite built; "
                               "choose an empty or new folder.")


def build_lite(out_dir="dist/lite", *, wheels_dir=None, source=None, pyodide=None, fetch=False,
               missing_ok=False, pyodide_from=PYODIDE_CDN) -> Path:
    """Build the JupyterLite site into ``out_dir``; return its path.

    Parameters
    ----------
    out_dir : str or Path
        A new or empty folder, or one an earlier ``build_lite`` made (it is
        replaced). Serve it with any static web server, e.g.
        ``python -m http.server -d dist/lite``.
    wheels_dir : str or Path, optional
        Where the dependency wheels are kept (default
        :func:`default_wheel_cache`); see :func:`fetch_wheels`.
    source : str or Path, optional
        The checkout to build from (default: the one this ``framing`` is
        imported from).
    pyodide : str or Path, optional
        The offline build: a folder with Pyodide's core (the npm package
        ``pyodide``) and its wheels, put into the site so that nothing is
        loaded from elsewhere (:mod:`framing.lite.offline`); PyPI is not
        looked at from the browser. A wheel the notebooks need that is missing
        stops the build, naming it.
    fetch : bool
        With ``pyodide``: first bring the core (npm) and the missing wheels
        (from ``pyodide_from``, checked against the lock) into that folder.
    missing_ok : bool
        With ``pyodide``: build even with wheels missing (the notebooks then
        stop at their first cell, saying which); for testing that message.

    Examples
    --------
    >>> import framing, pathlib
    >>> build_lite(pathlib.Path(framing.__file__).parents[1])    # never over the kit's own folder
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: ...
    >>> site = build_lite("dist/lite")                                  # doctest: +SKIP
    >>> sorted(p.name for p in (site / "files" / "notebooks").iterdir())  # doctest: +SKIP
    ['01_corpus.ipynb', '02_words.ipynb', '03_kwic.ipynb', '04_lexicons.ipynb', '05_comparing.ipynb',
     '06_validating.ipynb']
    """
    import shutil
    import tempfile

    root = _checkout(source)
    out = Path(out_dir).resolve()
    _check_out(out, root)
    extensions = _require_jupyterlite()
    from importlib.metadata import version

    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    notebooks = sorted(p for p in (root / "notebooks").glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise FramingError(f"{root / 'notebooks'}: no notebooks (*.ipynb) to put in the site.")
    deps = fetch_wheels(wheels_dir)

    with tempfile.TemporaryDirectory(prefix="framing-lite-") as tmp:
        lite = Path(tmp) / "lite"
        content, pypi = lite / "content", lite / "pypi"
        (content / "notebooks").mkdir(parents=True)
        kit = build_wheel(root, pypi)
        for dep in deps:
            shutil.copy2(dep, pypi / dep.name)
        staged = None
        if pyodide is not None:
            wheels = [kit, *(pypi / d.name for d in deps)]
            if fetch:
                fetch_pyodide(pyodide, wheels, base_url=pyodide_from)
            staged = stage_pyodide(pyodide, lite / "static" / "pyodide", wheels, missing_ok=missing_ok)
        # what can be wrong with the inputs has been checked: an earlier site (_check_out made
        # sure) is replaced, with no stale files
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        (out / MARKER).write_text('{"complete": false}\n', encoding="utf-8")  # a failed build may be replaced
        for nb_path in notebooks:
            try:
                nb = json.loads(nb_path.read_text(encoding="utf-8"))
            except ValueError as err:
                raise FramingError(f"{nb_path}: not a notebook (JSON error: {err}).") from None
            copy = lite_notebook(nb, offline=staged.missing if staged else None)
            (content / "notebooks" / nb_path.name).write_text(
                json.dumps(copy, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        for folder in ("data", "seeds"):
            shutil.copytree(root / folder, content / folder, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        (lite / "jupyter_lite_config.json").write_text(json.dumps({"LiteBuildConfig": {
            "contents": ["content"],
            # only the Pyodide kernel's and the widgets' extensions, whatever else this Python has installed
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(ext) for ext in extensions],
            "no_sourcemaps": True,
        }}, indent=2), encoding="utf-8")
        (lite / "jupyter-lite.json").write_text(json.dumps({
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "defaultKernelName": "python",
                # pipliteUrls (./pypi/all.json first) is added by the build; a package not found
                # there is looked for on PyPI, except in the offline build. pyodideUrl is added by
                # the build for the offline build (./static/pyodide/); else Pyodide comes from its CDN.
                "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": staged is not None}},
            },
        }, indent=2), encoding="utf-8")
        _run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite), "--output-dir", str(out)],
             f"jupyter lite build of {out}", cwd=lite)

    (out / MARKER).write_text(json.dumps({
        "complete": True,
        "framing": version("framing"),
        "jupyterlite-core": version("jupyterlite-core"),
        "jupyterlite-pyodide-kernel": version("jupyterlite-pyodide-kernel"),
        "pyodide": PYODIDE_VERSION,
        "notebooks": [p.name for p in notebooks],
        "wheels": [kit.name] + [d.name for d in deps],
        "offline": None if staged is None else {
            "pyodide_packages": len(staged.shipped), "from_pypi": staged.from_pypi, "missing": staged.missing},
    }, indent=2) + "\n", encoding="utf-8")
    write_landing_page(out)
    return out
