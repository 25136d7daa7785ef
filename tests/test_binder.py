"""Binder: repo2docker picks up environment.yml, caches the environment, then runs postBuild.

No Docker needed: `repo2docker --no-build --debug` prints the Dockerfile it would build.
"""

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def dockerfile():
    exe = shutil.which("repo2docker") or str(__import__("pathlib").Path(sys.executable).parent / "repo2docker")
    done = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_environment_yml_is_used_and_installed_before_the_repository_is_copied(dockerfile):
    env_copy = dockerfile.index("src/environment.yml")
    env_update = dockerfile.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    repo_copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post_build = dockerfile.index("./postBuild")
    # the environment layer depends on environment.yml alone, so it is cached across commits
    assert env_copy < env_update < repo_copy < post_build


def test_no_requirements_or_setup_files_compete_with_environment_yml():
    for name in ("requirements.txt", "setup.py", "Pipfile", "runtime.txt"):
        assert not (ROOT / name).exists(), f"{name} would change how Binder builds the environment"


def test_readme_binder_badge_opens_the_first_student_notebook():
    import re
    import urllib.parse

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\[!\[[^\]]*Binder[^\]]*\]\([^)]*\)\]\((?P<url>[^)]+)\)", readme)
    assert len(links) == 1, "the README needs one Binder badge"
    url = urllib.parse.urlsplit(links[0])
    assert url.path.startswith("/v2/gh/") and url.path.endswith("/HEAD")
    labpath = urllib.parse.parse_qs(url.query)["labpath"]
    assert labpath == ["notebooks/01_corpus.ipynb"]
    assert (ROOT / labpath[0]).is_file()
    first = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))[0]
    assert labpath[0] == f"notebooks/{first}"
