"""``import framing``: cheap, and every verb under its own name however its module was loaded."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import framing

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "numpy", "sklearn", "scipy", "matplotlib", "seaborn", "regex", "yaml", "krippendorff")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_importing_the_package_imports_none_of_its_heavy_dependencies():
    done = _python("import sys, framing; print(sorted(m for m in %r if m in sys.modules))" % (HEAVY,))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_pandas_the_text_verbs_and_the_self_checks_still_work():
    # as in a JupyterLite site still missing Pyodide's compiled packages
    done = _python(
        "import sys\n"
        "sys.modules['pandas'] = sys.modules['numpy'] = None\n"
        "import framing\n"
        "from framing.selfcheck import Checks\n"
        "print(framing.normalize('الأمريكيّة'), framing.is_stopword('في'))\n"
        "try:\n"
        "    framing.kwic\n"
        "except ImportError as err:\n"
        "    print('kwic:', err)\n")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "الامريكية True"  # hamza-alef to bare alef, shadda dropped (normalize's rules)
    assert second.startswith("kwic:") and "pandas" in second


@pytest.mark.parametrize("name", framing.__all__)
def test_every_public_name_is_what_its_module_defines(name):
    value = getattr(framing, name)
    if name == "plots":
        assert value is sys.modules["framing.plots"]
    else:
        assert not isinstance(value, types.ModuleType)
        assert value is getattr(sys.modules[framing._WHERE[name]], name)


def test_a_verb_keeps_its_name_after_every_module_of_the_package_is_imported():
    # Python binds a submodule on its package when it loads: framing.kwic the module would
    # otherwise replace framing.kwic the function
    done = _python(
        "import importlib, pkgutil, framing\n"
        "for m in pkgutil.walk_packages(framing.__path__, 'framing.'):\n"
        "    if not m.name.startswith('framing.lite'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in framing.__all__ if n != 'plots' and not callable(getattr(framing, n))))\n"
        "print(type(framing.kwic).__name__, type(framing.stopwords).__name__)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "function _lru_cache_wrapper"]


def test_an_unknown_name_is_an_attribute_error_naming_it_and_dir_lists_the_verbs():
    with pytest.raises(AttributeError, match="no attribute 'kwik'"):
        framing.kwik  # noqa: B018
    assert set(framing.__all__) <= set(dir(framing))
    assert not hasattr(framing, "walk")  # no name invented


def test_the_public_names_are_the_verbs_of_the_package_modules():
    # every module named in the table exists, and every name is defined there
    for name, module in framing._WHERE.items():
        assert name in vars(importlib.import_module(module)), (name, module)
    modules = {m.name for m in pkgutil.iter_modules(framing.__path__, "framing.")}
    assert set(framing._WHERE.values()) <= modules


def test_tab_completion_offers_the_verbs_and_not_the_packages_own_imports():
    import importlib

    importlib.import_module("framing.selfcheck")  # a submodule loaded: bound on the package by Python
    names = dir(framing)
    assert {"kwic", "load_corpus", "normalize", "plots", "tfidf"} <= set(names)
    assert not {"importlib", "sys", "types", "display_hook", "selfcheck"} & set(names), names
