"""The project's promises about itself: README commands, CI, pins, clean notebooks."""
import re
import subprocess
import sys
import tomllib

import nbformat

from autograder.lessons import COURSE, REPO, SOLUTIONS


def readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (REPO / "README.md").read_text())


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci in readme_commands()
    assert "pytest" in ci and ci.startswith("python3 -m venv .venv")


def test_readme_opens_the_course_in_jupyterlab():
    """The first command opens course/ in JupyterLab (tests/test_browser.py runs it)."""
    prefix = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/jupyter lab "
    assert any(c.startswith(prefix) and c.split()[-1] == "course/" for c in readme_commands())


def pins():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(p.split("==") for p in pinned)


def environment_yml():
    """(conda dependencies, pip dependencies) of environment.yml, each as {name: version}."""
    text = (REPO / "environment.yml").read_text().split("\ndependencies:\n", 1)[1]
    conda = dict(re.findall(r"^  - ([A-Za-z0-9_.-]+)(?:=([^=\s]+))?$", text, re.M))
    pip = dict(re.findall(r"^    - ([A-Za-z0-9_.-]+)==(\S+)$", text, re.M))
    return conda, pip


def test_every_dependency_is_pinned_and_environment_yml_agrees():
    """Binder builds what CI tested: conda gives Python (pinned) and pip, nothing else; every
    package comes from environment.yml's `pip:` section with the pyproject.toml pin."""
    from_pyproject = pins()
    assert all(version for version in from_pyproject.values())
    conda, pip = environment_yml()
    assert set(conda) == {"python", "pip"}, conda
    assert re.fullmatch(r"3\.\d+(\.\d+)?", conda["python"]), conda["python"]
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = tuple(map(int, re.fullmatch(r">=(\d+)\.(\d+)", requires).groups()))
    assert tuple(map(int, conda["python"].split(".")[:2])) >= minimum, (conda["python"], requires)
    assert pip == from_pyproject


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version

    for name, pinned in pins().items():
        assert version(name) == pinned, name


def test_notebooks_have_no_outputs():
    for path in list(SOLUTIONS.glob("*/*.ipynb")) + list(COURSE.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, (path, cell.id)


def test_tests_sharing_a_graded_class_run_on_one_worker(tmp_path):
    """The expensive shared fixtures (``SHARED_FIXTURES`` in conftest.py) are built once only
    if pytest-xdist's ``--dist loadgroup`` keeps their tests together: run eight such tests
    on two workers and count the workers that built the fixture."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")   # not the project's options
    (tmp_path / "conftest.py").write_text((REPO / "tests" / "conftest.py").read_text())
    (tmp_path / "test_shared.py").write_text(
        "import os, pytest\n\n"
        "@pytest.fixture(scope='session')\n"
        "def corpus():\n"
        "    open(f\"built-on-{os.environ['PYTEST_XDIST_WORKER']}\", 'w').close()\n\n"
        "@pytest.mark.parametrize('i', range(8))\n"
        "def test_uses_corpus(corpus, i):\n"
        "    pass\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q",
         "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    workers = sorted(path.name for path in tmp_path.glob("built-on-*"))
    assert len(workers) == 1, f"the shared fixture was built on {workers}"
