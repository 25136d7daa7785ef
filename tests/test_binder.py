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
