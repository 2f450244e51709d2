"""The guarded kernel: hangs, ignored interrupts, deaths, the time budget and the sandbox."""
import os
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from autograder import workspace
from autograder.execution import GuardedExecute
from autograder.lessons import REPO

pytestmark = pytest.mark.e2e   # runs kernels: the end-to-end tier


def run(tmp_path, *sources, timeout=3, total=60, hide=()):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    c = Config()
    c.SandboxedKernelManager.hide = list(hide)
    c.Execute.timeout = timeout
    c.GuardedExecute.total_timeout = total
    executor = GuardedExecute(config=c)
    resources = {"metadata": {"path": str(tmp_path)}, "nbgrader": {"assignment": "01_neuron"}}
    nb, _ = executor.preprocess(nb, resources)
    return [[(o.get("ename"), o.get("evalue", "")) if o.output_type == "error" else o.get("text", "")
             for o in cell.outputs] for cell in nb.cells]


def test_a_loop_that_ignores_interrupts_restarts_the_kernel_and_keeps_definitions(tmp_path):
    outputs = run(tmp_path, "x = 41",
                  "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
                  "print(x + 1)")
    name, message = outputs[1][0]
    assert name == "TimeoutError"
    assert "ignored the interrupt" in message or "was stopped" in message
    assert outputs[2] == ["42\n"]


def test_a_dead_kernel_is_restarted_and_grading_goes_on(tmp_path):
    outputs = run(tmp_path, "x = 1", "import os\nos._exit(3)", "print(x)")
    assert outputs[1][0][0] == "KernelDied"
    assert outputs[2] == ["1\n"]


def test_the_whole_submission_has_a_time_budget(tmp_path):
    loop = "while True:\n    pass"
    outputs = run(tmp_path, loop, loop, loop, "print('late')", timeout=3, total=7)
    assert [o[0][0] for o in outputs[:2]] == ["TimeoutError", "TimeoutError"]
    assert outputs[3][0][0] == "NotRun" and "time budget" in outputs[3][0][1]


def test_the_kernel_is_sandboxed(tmp_path):
    code = ("import os, socket, resource\n"
            "print(os.environ['NNSCRATCH_ISOLATION'])\n"
            "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20)\n"
            "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\nexcept OSError as e:\n"
            "    print('no network')\n"
            "open('mine.txt', 'w').write('ok')\n")
    outputs = run(tmp_path, code)
    text = "".join(outputs[0])
    assert "read-only file system" in text and "no network" in text and "2048" in text
    assert (tmp_path / "mine.txt").read_text() == "ok"


def test_a_grading_kernel_cannot_list_or_read_the_repositorys_git_data(tmp_path):
    """Its pack files hold every solution notebook, hidden regions included (zlib opens
    them). The hide list is the one ``check`` and ``grade`` give their kernels."""
    git = REPO / ".git"
    assert git.exists(), "the suite runs in a clone"
    inside = git / "HEAD" if git.is_dir() else git
    code = ("import os\n"
            f"git = {str(git)!r}\n"
            "print('isolation:', os.environ['NNSCRATCH_ISOLATION'])\n"
            "try:\n    print('listing:', sorted(os.listdir(git)) if os.path.isdir(git) else 'a file')\n"
            "except OSError as e:\n    print('listing refused')\n"
            f"try:\n    print('read:', len(open({str(inside)!r}, 'rb').read()), 'bytes')\n"
            "except OSError as e:\n    print('read refused')\n"
            "found = [os.path.join(r, n) for r, _, names in os.walk(git) for n in names]\n"
            "print('files:', len(found))\n")
    hide = workspace.config(tmp_path / "area").SandboxedKernelManager.hide
    text = "".join(run(tmp_path, code, hide=hide)[0])
    assert "hidden: " in text and str(git) in text.split("hidden: ")[1], text
    assert ("listing: []" in text or "listing: a file" in text) and "files: 0" in text, text
    assert "read: 0 bytes" in text or "read refused" in text, text


def test_the_git_data_of_a_linked_worktree_is_hidden_where_it_lives(tmp_path):
    main, tree = tmp_path / "main", tmp_path / "tree"
    (main / ".git" / "worktrees" / "tree").mkdir(parents=True)
    (main / ".git" / "worktrees" / "tree" / "commondir").write_text("../..\n")
    tree.mkdir()
    (tree / ".git").write_text(f"gitdir: {main / '.git' / 'worktrees' / 'tree'}\n")
    assert workspace.git_data(tree) == [tree / ".git", main / ".git" / "worktrees" / "tree",
                                        main / ".git"]
    assert workspace.git_data(main) == [main / ".git"]
    assert workspace.git_data(tmp_path) == []
    assert str(REPO / ".git") in workspace.config(tmp_path / "area").SandboxedKernelManager.hide


FAILING_REMOUNT = """
import sys
from autograder import sandbox

real = sandbox._Mounts.mount

def mount(self, source, target, fstype, flags, data=None):
    if flags & sandbox.MS_REMOUNT and flags & sandbox.MS_RDONLY and target == "/":
        raise OSError(1, "mount /: Operation not permitted (made to fail by the test)")
    return real(self, source, target, fstype, flags, data)

sandbox._Mounts.mount = mount
print(sandbox.isolate(hide=sys.argv[2:], keep=[sys.argv[1]]))
"""


def isolation_report(tmp_path, *hide):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", FAILING_REMOUNT, str(tmp_path), *map(str, hide)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_sandbox_never_claims_a_read_only_file_system_it_did_not_get(tmp_path):
    report = isolation_report(tmp_path)
    assert "read-only file system" not in report
    if not report.startswith("none"):      # namespaces permitted: the failure is named
        assert "NOT read-only" in report and "/" in report


@pytest.fixture
def outside_tmp():
    """A folder outside /tmp (the private /tmp already leaves out what is under it, and a
    clone of the repository may well live there), removed afterwards."""
    import shutil
    import tempfile

    base = next((p for p in ("/var/tmp", str(Path.home())) if os.path.isdir(p) and os.access(p, os.W_OK)))
    folder = Path(tempfile.mkdtemp(prefix="nnscratch-hide-", dir=base))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_sandbox_names_what_it_hid_and_claims_nothing_hidden_it_did_not_hide(tmp_path, outside_tmp):
    # the hiding happens in the subprocess's own mount namespace only
    folder, file, absent = outside_tmp / "solutions", outside_tmp / "pyproject.toml", outside_tmp / "no-such-folder"
    folder.mkdir()
    file.write_text("[project]\n")
    nothing = isolation_report(tmp_path)
    assert "hidden" not in nothing and "solutions" not in nothing and "gradebook" not in nothing, nothing
    missing = isolation_report(tmp_path, absent)
    assert "hidden" not in missing and "no-such-folder" not in missing, missing
    report = isolation_report(tmp_path, folder, file, absent)
    if report.startswith("none"):          # no namespaces: nothing hidden, and it says so
        assert "hidden" not in report, report
    else:
        assert f"hidden: {folder}, {file}, writable" in report, report
        assert "gradebook" not in report and "no-such-folder" not in report, report
        assert report.endswith(f"writable: {tmp_path}, a private /tmp and a private /dev/shm"), report
        assert "only the working folder" not in report, report
