"""The JupyterLite site (framing lite): what it holds, and the kit's browser-only paths.

The site is built once for the module (about 10 s; the dependency wheels come from
pip's download into a cache the first time). Nothing here runs a browser: Pyodide
loads from its CDN at run time, which this machine cannot reach.
"""

import contextlib
import importlib
import hashlib
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path

import pandas  # noqa: F401  (loaded before a test makes sys.platform "emscripten": the kit loads it lazily)
import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

import framing
from framing import lite
from framing.cli import main
from framing.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
SW = importlib.import_module("framing.stopwords")  # the module: framing.stopwords is the function

#: markers as Pyodide evaluates them (micropip uses packaging's default environment there)
EMSCRIPTEN = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
              "platform_machine": "wasm32", "python_version": "3.14", "python_full_version": "3.14.2",
              "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
LINUX = {**EMSCRIPTEN, "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"}


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _code(nb):
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    cache = lite.default_wheel_cache()
    cached = all((cache / w.filename).is_file() for w in lite.LITE_WHEELS)
    if os.environ.get("FRAMING_OFFLINE") == "1" and not cached:
        pytest.skip(f"FRAMING_OFFLINE=1 and the dependency wheels are not in {cache} yet")
    out = tmp_path_factory.mktemp("lite") / "site"
    assert main(["lite", "--out", str(out)]) == 0
    return out


@pytest.fixture()
def emscripten(monkeypatch):
    """sys.platform as in Pyodide, with the arabicstopwords package unimportable."""
    SW.raw_stopwords.cache_clear()
    SW.stopwords.cache_clear()
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "arabicstopwords", None)  # `import arabicstopwords` raises
    yield
    SW.raw_stopwords.cache_clear()
    SW.stopwords.cache_clear()


# ---------------------------------------------------------------- the notebooks


def test_every_student_notebook_is_in_the_site_as_a_lite_copy(site):
    originals = sorted((ROOT / "notebooks").glob("*.ipynb"))
    copies = sorted((site / "files" / "notebooks").glob("*.ipynb"))
    assert [p.name for p in copies] == [p.name for p in originals] and len(copies) == 6
    for original, copy in zip(originals, copies):
        nb, lt = (json.loads(p.read_text(encoding="utf-8")) for p in (original, copy))
        assert lt["metadata"]["kernelspec"]["name"] == "python", copy.name
        assert lt["metadata"]["otter"] == nb["metadata"]["otter"], "the public checks must stay in the copy"
        assert len(lt["cells"]) == len(nb["cells"])
        # which cells should change: the one that opens otter, and any that imports arabicstopwords
        expected = {i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                    and ("grader = Checks(" in _src(c) or "import arabicstopwords" in _src(c))}
        changed = {i for i, (a, b) in enumerate(zip(nb["cells"], lt["cells"])) if _src(a) != _src(b)}
        assert changed == expected and expected, copy.name
        first = _code(lt)[0]
        assert first.index("%pip install -q framing") < first.index("from framing.selfcheck import Checks")
        assert f'grader = Checks("{copy.stem}")' in first
        for src in _code(lt):
            assert not re.search(r"^\s*(import otter|from otter)", src, re.M), copy.name
            assert "arabicstopwords" not in src.replace("importing arabicstopwords", ""), copy.name
        assert all(c.get("outputs", []) == [] for c in lt["cells"] if c["cell_type"] == "code")


def test_the_lite_stopwords_cell_of_02_runs_without_the_package(site, emscripten):
    import ast

    import pandas as pd

    nb = json.loads((site / "files" / "notebooks" / "02_words.ipynb").read_text(encoding="utf-8"))
    cell = next(src for src in _code(nb) if "raw_stopwords" in src)
    tree = ast.parse(cell)
    scope = {"framing": framing, "pd": pd}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(ast.Module(tree.body[:-1], []), "<cell>", "exec"), scope)
        shown = eval(compile(ast.Expression(tree.body[-1].value), "<cell>", "eval"), scope)
    n_raw = len(set(SW._read_forms(SW.forms_path())))
    assert f"{n_raw} raw forms; {len(SW.stopwords())} after normalisation" in out.getvalue()
    row = shown.iloc[0]
    # the example word is in the package's list as printed, with its hamza, but not normalised
    assert row["raw list has it as printed"] and not row["raw list has the normalised form"], row.to_dict()


def test_lite_notebook_leaves_a_cell_that_uses_more_of_arabicstopwords():
    src = "from arabicstopwords import arabicstopwords as ast\nraw = ast.stopwords_list()\nast.is_stop('في')"
    nb = {"metadata": {}, "cells": [{"cell_type": "code", "source": src, "outputs": [], "metadata": {}}]}
    out = lite.lite_notebook(nb)
    assert out["cells"][1]["source"] == src  # unchanged: raw_stopwords() cannot stand for is_stop
    assert out["cells"][0]["source"] == lite.INSTALL_CELL  # no otter cell: install only
    assert "Checks" not in out["cells"][0]["source"]


def test_data_and_seeds_sit_where_the_notebooks_refer_to_them(site):
    files = site / "files"
    for folder in ("data", "seeds"):
        repo = sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())
        assert repo, folder
        for path in repo:
            rel = path.relative_to(ROOT)
            assert (files / rel).read_bytes() == path.read_bytes(), rel
    # the notebooks name data/seeds.yaml and seeds/ relative to the repository top, as in a checkout
    assert (files / "notebooks" / ".." / "data" / "seeds.yaml").is_file()
    listing = json.loads((site / "api" / "contents" / "notebooks" / "all.json").read_text(encoding="utf-8"))
    assert sorted(item["name"] for item in listing["content"]) == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


# ---------------------------------------------------------------- the wheels


def _index(site):
    return json.loads((site / "pypi" / "all.json").read_text(encoding="utf-8"))


def test_pypi_index_holds_the_kit_and_each_pinned_wheel(site):
    index = _index(site)
    pinned = {canonicalize_name(Requirement(w.requirement).name): w for w in lite.LITE_WHEELS}
    assert set(index) == {"framing"} | set(pinned)
    for name, project in index.items():
        (version, releases), = project["releases"].items()
        (release,) = releases
        path = site / "pypi" / release["url"]
        assert path.is_file(), path
        assert release["digests"]["sha256"] == _sha256(path)
        dist, wheel_version, _, tags = parse_wheel_filename(path.name)
        assert canonicalize_name(dist) == name and str(wheel_version) == version
        assert Tag("py3", "none", "any") in tags, f"{path.name} is not a pure-Python wheel"
        if name in pinned:
            assert path.name == pinned[name].filename and _sha256(path) == pinned[name].sha256
            assert Requirement(pinned[name].requirement).specifier.contains(version)
    assert index["python-bidi"]["releases"].keys() == {"0.4.2"}  # >= 0.5 is compiled


def _kit_wheel(site):
    (path,) = (site / "pypi").glob("framing-*.whl")
    return path


def test_kit_wheel_carries_the_stopword_file_and_the_seeds(site):
    with zipfile.ZipFile(_kit_wheel(site)) as zf:
        names = set(zf.namelist())
        assert zf.read("framing/_bundled/data/stopwords.txt") == (ROOT / "data" / "stopwords.txt").read_bytes()
    assert "framing/_bundled/data/seeds.yaml" in names and "framing/lite/build.py" in names
    seeds = {n for n in names if n.startswith("framing/_bundled/seeds/") and n.endswith(".txt")}
    assert seeds == {f"framing/_bundled/seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")} and len(seeds) == 5


def _pyodide_packages():
    text = (ROOT / "lite" / "pyodide-packages.txt").read_text(encoding="utf-8")
    version = re.search(r"^# pyodide (\S+)$", text, re.M)[1]
    pkgs = dict(ln.split("==") for ln in text.splitlines() if ln and not ln.startswith("#"))
    return version, {canonicalize_name(k): Version(v) for k, v in pkgs.items()}


def _requires(wheel):
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8")
    return [Requirement(v) for k, v in re.findall(r"^(Requires-Dist): (.+)$", text, re.M)]


def test_pyodide_list_is_for_the_kernel_the_site_uses():
    from jupyterlite_pyodide_kernel.constants import PYODIDE_PYTHON_VERSION, PYODIDE_VERSION

    version, pkgs = _pyodide_packages()
    assert version == PYODIDE_VERSION, "lite/pyodide-packages.txt is for another Pyodide: refresh it"
    assert lite.PYODIDE_PYTHON == PYODIDE_PYTHON_VERSION
    assert len(pkgs) > 100 and "numpy" in pkgs


def test_every_requirement_in_the_browser_is_in_pyodide_or_bundled(site):
    _, pyodide = _pyodide_packages()
    bundled = {}
    for wheel in (site / "pypi").glob("*.whl"):
        dist, version, _, _ = parse_wheel_filename(wheel.name)
        bundled[canonicalize_name(dist)] = (version, wheel)
    # nothing bundled that Pyodide already ships (micropip would take Pyodide's)
    assert not set(bundled) & set(pyodide)
    todo, seen, unmet = ["framing"], set(), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for req in _requires(bundled[name][1]):
            if req.marker and not req.marker.evaluate(EMSCRIPTEN):
                continue
            dep = canonicalize_name(req.name)
            if dep in bundled:
                have = bundled[dep][0]
                todo.append(dep)
            elif dep in pyodide:
                have = pyodide[dep]
            else:
                unmet.append(f"{name} needs {req}: neither in Pyodide nor in pypi/")
                continue
            if not req.specifier.contains(have, prereleases=True):
                unmet.append(f"{name} needs {req}, the browser has {dep} {have}")
    assert not unmet
    kernel = {"comm"}  # not the kit's: the Pyodide kernel installs it as it starts (framing.lite.LITE_WHEELS)
    assert seen | kernel == set(bundled), f"bundled but never needed: {set(bundled) - seen - kernel}"


def test_emscripten_markers_give_the_browser_the_plot_fallback(site):
    _, pyodide = _pyodide_packages()
    reqs = _requires(_kit_wheel(site))

    def wanted(env):
        return {canonicalize_name(r.name): r for r in reqs if not r.marker or r.marker.evaluate(env)}

    browser, desktop = wanted(EMSCRIPTEN), wanted(LINUX)
    assert pyodide["matplotlib"] < Version("3.11")  # no libraqm there: labels must be reshaped
    assert browser["matplotlib"].specifier.contains(pyodide["matplotlib"])
    assert not desktop["matplotlib"].specifier.contains(pyodide["matplotlib"])
    assert {"arabic-reshaper", "python-bidi"} <= set(browser) and not {"arabic-reshaper", "python-bidi"} & set(desktop)
    assert list(browser["python-bidi"].specifier) and browser["python-bidi"].specifier.contains("0.4.2")
    assert not browser["python-bidi"].specifier.contains("0.5.0")
    assert Marker("platform_system == 'Emscripten'").evaluate(EMSCRIPTEN)


# ---------------------------------------------------------------- settings


def test_jupyter_lite_settings(site):
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    assert config["defaultKernelName"] == "python"
    kernel = config["litePluginSettings"][lite.PYODIDE_EXTENSION + ":kernel"]
    urls = kernel["pipliteUrls"]
    assert urls[0].startswith("./pypi/all.json?sha256=")  # the site's own wheels come first
    assert urls[0].split("sha256=")[1] == _sha256(site / "pypi" / "all.json")
    assert kernel["disablePyPIFallback"] is False
    assert "pyodideUrl" not in kernel  # so Pyodide comes from the kernel's default, its CDN
    schema = site / "extensions" / lite.PYODIDE_EXTENSION / "static" / "schema" / "kernel.v0.schema.json"
    default = json.loads(schema.read_text(encoding="utf-8"))["properties"]["pyodideUrl"]["default"]
    assert default.startswith("https://") and "pyodide" in default
    # the kernel's, and the widgets' for notebook 06's coding form; nothing else this Python has installed
    assert sorted(e["name"] for e in config["federated_extensions"]) == sorted(
        [lite.PYODIDE_EXTENSION, lite.WIDGETS_EXTENSION])
    assert (site / "extensions" / lite.WIDGETS_EXTENSION / "package.json").is_file()
    made = json.loads((site / lite.MARKER).read_text(encoding="utf-8"))
    assert made["complete"] is True and made["pyodide"] == _pyodide_packages()[0]
    assert made["notebooks"] == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(made["wheels"]) == sorted(p.name for p in (site / "pypi").glob("*.whl"))


# ---------------------------------------------------------------- stopwords


def test_stopword_file_is_the_packages_list():
    from arabicstopwords import arabicstopwords as ast

    forms = SW._read_forms(ROOT / "data" / "stopwords.txt")
    package = ast.stopwords_list()
    fix = "rewrite it: python -c \"from framing.stopwords import write_forms; write_forms('data/stopwords.txt')\""
    assert list(forms) == sorted(forms) and len(set(forms)) == len(forms)
    assert set(forms) == set(package), fix
    assert {normalize(w) for w in forms} == {normalize(w) for w in package}, fix


def test_on_emscripten_stopwords_come_from_the_text_file(emscripten):
    assert sys.modules["arabicstopwords"] is None
    with pytest.raises(ImportError):
        __import__("arabicstopwords")
    raw = SW.raw_stopwords()
    sw = SW.stopwords()
    assert raw == SW._read_forms(SW.forms_path())
    assert sw == frozenset(normalize(w) for w in raw)
    assert SW.is_stopword("إلى") and not SW.is_stopword("الغزو") and "الي" in sw


def test_emscripten_and_desktop_give_the_same_stopwords(monkeypatch):
    SW.raw_stopwords.cache_clear()
    SW.stopwords.cache_clear()
    desktop = SW.stopwords()
    SW.raw_stopwords.cache_clear()
    SW.stopwords.cache_clear()
    monkeypatch.setattr(sys, "platform", "emscripten")
    try:
        assert SW.stopwords() == desktop and len(desktop) > 13000
    finally:
        SW.raw_stopwords.cache_clear()
        SW.stopwords.cache_clear()


def test_a_missing_stopword_file_is_named(tmp_path):
    with pytest.raises(framing.FramingError, match=re.escape(str(tmp_path / "stopwords.txt"))):
        SW._read_forms(tmp_path / "stopwords.txt")


# ---------------------------------------------------------------- grader.check in the browser


def test_lite_grader_runs_the_notebooks_public_checks(site):
    path = site / "files" / "notebooks" / "01_corpus.ipynb"
    grader = lite.LiteGrader(path)
    tests = json.loads(path.read_text(encoding="utf-8"))["metadata"]["otter"]["tests"]
    assert grader.questions() == sorted(tests, key=lambda q: int(q[1:]))
    ok = grader.check("q2", {"q2_answer": 7})
    assert ok.passed is True and "the value is checked when your work is graded" in repr(ok)
    bad = grader.check("q2", {"q2_answer": "7"})
    assert bad.passed is False and "AssertionError" in bad.transcript and "\n" not in repr(bad)
    missing = grader.check("q2", {})
    assert missing.passed is False and "q2_answer is not defined" in repr(missing)
    unknown = grader.check("q42", {})
    assert unknown.passed is None and "q1, q2" in repr(unknown)
    q2_answer = 3  # noqa: F841  (the default env is the caller's globals, as in a notebook cell)
    assert grader.check("q2").passed is False  # a local variable is not a notebook variable
    everything = grader.check_all({"q2_answer": 7})
    assert repr(everything).count("\n") == len(tests) - 1
    assert repr(everything).splitlines()[1] == repr(ok)


def test_lite_grader_knows_every_question_its_notebook_checks(site):
    for path in sorted((site / "files" / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        asked = {q for src in _code(nb) for q in re.findall(r'grader\.check\("(\w+)"\)', src)}
        assert asked and set(lite.LiteGrader(path).questions()) == asked, path.name


# ---------------------------------------------------------------- the command


def test_lite_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code = main(["lite", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("framing lite: error: ") and str(tmp_path) in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_lite_refuses_to_build_over_the_checkout(capsys):
    code = main(["lite", "--out", str(ROOT)])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot be built over the checkout" in err and (ROOT / "notebooks").is_dir()


def test_a_rebuild_replaces_an_earlier_site_and_its_stale_wheels(site, tmp_path):
    old = tmp_path / "site"
    (old / "pypi").mkdir(parents=True)
    (old / lite.MARKER).write_text("{}", encoding="utf-8")
    stale = old / "pypi" / "stale-0.0.1-py3-none-any.whl"
    stale.write_bytes(b"not a wheel")
    assert lite.build_lite(old) == old.resolve()
    assert not stale.exists() and set(_index(old)) == set(_index(site))


def _install_check():
    """The install cell without its %pip line: the Python that runs after the install."""
    return "\n".join(line.replace("%pip install -q framing", "pass") for line in lite.INSTALL_CELL.splitlines())


def test_the_install_cell_says_so_when_the_install_failed(monkeypatch, capsys):
    exec(compile(_install_check(), "<install cell>", "exec"), {})
    assert "framing is installed" in capsys.readouterr().out
    # what a failed download leaves: scikit-learn (say) cannot be imported
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(RuntimeError, match=r"The install did not work: sklearn \(ModuleNotFoundError\) cannot be "
                                           r"imported\. The first time, this page needs an internet connection"):
        exec(compile(_install_check(), "<install cell>", "exec"), {})
    assert "framing is installed" not in capsys.readouterr().out  # never a silent success


def test_every_lite_notebook_starts_with_the_checked_install(site):
    for path in sorted((site / "files" / "notebooks").glob("*.ipynb")):
        first = _code(json.loads(path.read_text(encoding="utf-8")))[0]
        assert first.startswith(lite.INSTALL_CELL), path.name


def test_the_offline_build_expects_the_pyodide_the_kernel_loads():
    from jupyterlite_pyodide_kernel.constants import PYODIDE_PYTHON_VERSION, PYODIDE_VERSION

    from framing.lite import offline

    assert (offline.PYODIDE_VERSION, offline.PYODIDE_PYTHON) == (PYODIDE_VERSION, PYODIDE_PYTHON_VERSION)
    assert f"/v{PYODIDE_VERSION}/" in offline.PYODIDE_CDN


class _Worker:
    """What the Pyodide kernel's web worker gives: js.location, and pyodide.http.open_url on the site."""

    def __init__(self, site, monkeypatch, href="http://laptop.test:8000/extensions/@jupyterlite/"
                                             "pyodide-kernel-extension/static/comlink.worker.js"):
        import types

        self.asked = []

        def open_url(url):
            self.asked.append(url)
            prefix = "http://laptop.test:8000/"
            assert url.startswith(prefix), url
            return io.StringIO((site / url[len(prefix):]).read_text(encoding="utf-8"))

        js = types.ModuleType("js")
        js.location = types.SimpleNamespace(href=href)
        http = types.ModuleType("pyodide.http")
        http.open_url = open_url
        pyodide = types.ModuleType("pyodide")
        pyodide.http = http
        for name, module in (("js", js), ("pyodide", pyodide), ("pyodide.http", http)):
            monkeypatch.setitem(sys.modules, name, module)


def test_in_the_browser_without_its_files_the_checks_read_the_sites_copy(site, emscripten, tmp_path, monkeypatch):
    from framing.selfcheck import LITE_NOTEBOOKS, Checks

    # JupyterLite without a service worker (plain http from another computer): the kernel starts
    # in /home/pyodide, not in the notebooks' folder under /drive, and sees no notebook; it
    # reads the site's copy over http instead.
    monkeypatch.chdir(tmp_path)
    worker = _Worker(site, monkeypatch)
    grader = Checks("01_corpus")
    assert worker.asked == [f"http://laptop.test:8000/{LITE_NOTEBOOKS}/01_corpus.ipynb"]
    assert grader.problem == "" and grader.source == worker.asked[0]
    nb = json.loads((ROOT / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8"))
    assert grader.tests == nb["metadata"]["otter"]["tests"]
    answers = {"q1_mt": {"afp_fr_2023"}, "q1_high_mt": "reuters_2023"}
    assert grader.check("q1", answers).passed is False
    assert grader.check("q1", dict(answers, q1_high_mt="afp_fr_2023")).passed is True
    # a notebook the site does not have: the message says why the folder cannot be read
    assert Checks("99_nothing").problem.startswith("cannot find the checks of 99_nothing: this browser gives")


def test_in_the_browser_without_its_files_the_checks_say_why(emscripten, tmp_path, monkeypatch):
    from framing.selfcheck import Checks

    # JupyterLite without a service worker, and no site to read from (not in a Pyodide worker)
    monkeypatch.chdir(tmp_path)
    problem = Checks("01_corpus").problem
    assert problem.startswith("cannot find the checks of 01_corpus: this browser gives the notebook no access to "
                              "its files, as when the site comes over plain http from another computer."), problem
    # with its files mounted (/drive), a missing notebook is the usual message
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: Path("/drive/notebooks")))
    assert Checks("01_corpus").problem.startswith(
        "cannot find the checks of 01_corpus: no notebook of that assignment in /drive/notebooks.")
    assert "no notebook of that assignment in" in Checks("01_corpus", folder=tmp_path).problem


def test_on_the_desktop_a_missing_notebook_is_the_usual_message(tmp_path, monkeypatch):
    from framing.selfcheck import Checks

    monkeypatch.chdir(tmp_path)
    assert Checks("01_corpus").problem.startswith(
        f"cannot find the checks of 01_corpus: no notebook of that assignment in {tmp_path}.")
