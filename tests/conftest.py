import importlib.util
import os
import pathlib
import sys

import pytest

# No test writes to the user's index cache (~/.cache/framing/index); tests/test_indexstore.py
# points it at a temporary folder of its own.
os.environ["FRAMING_INDEX_CACHE"] = "off"

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: Where the browser tests leave what a person would see (git-ignored).
SCREENS = ROOT / "tests" / "_screens"


def script(path: pathlib.Path):
    """A script of the repository that is not in the package (benchmarks/, data/), imported as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # as an import would: its dataclasses and pickles find it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus():
    import framing

    return framing.load_corpus()


@pytest.fixture(scope="module")
def screens():
    """:data:`SCREENS`, made if need be."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS


@pytest.fixture(scope="session")
def seed_text():
    """Text of a seed file by its number (0-4), read straight from seeds/."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    return lambda n: files[n].read_text(encoding="utf-8")


def sandbox_or_skip():
    """Skip a test that grades in a sandbox where none can start (and fail in CI, which must have one)."""
    import os

    from framing.grading import sandbox as sandboxes

    try:
        sandboxes.check()
    except sandboxes.SandboxUnavailable as err:
        if os.environ.get("CI"):
            pytest.fail(f"CI must grade in a sandbox: {err}")
        pytest.skip(str(err))
