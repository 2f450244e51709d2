"""The guarded kernel: hangs, ignored interrupts, deaths, the time budget and the sandbox."""
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from autograder.execution import GuardedExecute

pytestmark = pytest.mark.e2e   # runs kernels: the end-to-end tier


def run(tmp_path, *sources, timeout=3, total=60):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    c = Config()
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


FAILING_REMOUNT = """
import sys
from autograder import sandbox

real = sandbox._Mounts.mount

def mount(self, source, target, fstype, flags, data=None):
    if flags & sandbox.MS_REMOUNT and flags & sandbox.MS_RDONLY and target == "/":
        raise OSError(1, "mount /: Operation not permitted (made to fail by the test)")
    return real(self, source, target, fstype, flags, data)

sandbox._Mounts.mount = mount
print(sandbox.isolate(hide=[], keep=[sys.argv[1]]))
"""


def test_the_sandbox_never_claims_a_read_only_file_system_it_did_not_get(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", FAILING_REMOUNT, str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    report = result.stdout.strip()
    assert "read-only file system" not in report
    if not report.startswith("none"):      # namespaces permitted: the failure is named
        assert "NOT read-only" in report and "/" in report
