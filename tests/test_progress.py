"""The notebook progress bar: counts to the end in a kernel an interactive front end drives;
invisible outside a kernel, in notebooks executed headless (nbclient) and in grading kernels."""
import IPython.display

from nnscratch import progress as progress_module
from nnscratch.progress import progress


def test_outside_a_kernel_the_items_pass_through_unchanged():
    assert list(progress(range(5), "x")) == [0, 1, 2, 3, 4]
    assert list(progress(iter("abc"))) == ["a", "b", "c"]       # no len: no bar either


def test_in_a_kernel_the_bar_counts_every_item(monkeypatch):
    shown = []
    monkeypatch.setattr(progress_module, "_widgets_shown", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda widget: shown.append(widget))
    assert list(progress(range(7), "training")) == list(range(7))
    bar, label = shown[0].children
    assert bar.value == bar.max == 7 and bar.description == "training" and bar.bar_style == "success"
    assert label.value.startswith("7/7")


def test_a_grading_kernel_draws_no_bar(monkeypatch):
    import types

    kernel_shell = types.SimpleNamespace(kernel=object())
    monkeypatch.setattr("IPython.get_ipython", lambda: kernel_shell)
    monkeypatch.delenv("NNSCRATCH_ISOLATION", raising=False)
    assert progress_module._widgets_shown()                 # a kernel with ipywidgets: a bar
    monkeypatch.setenv("NNSCRATCH_ISOLATION", "no network, read-only file system")
    assert not progress_module._widgets_shown()             # the same kernel, grading: none
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda widget: shown.append(widget))
    assert list(progress(range(3), "training")) == [0, 1, 2] and shown == []


def test_a_kernel_run_without_stdin_draws_no_bar(monkeypatch):
    import types

    monkeypatch.delenv("NNSCRATCH_ISOLATION", raising=False)
    for allow_stdin, bar in ((True, True), (False, False)):
        kernel_shell = types.SimpleNamespace(kernel=types.SimpleNamespace(_allow_stdin=allow_stdin))
        monkeypatch.setattr("IPython.get_ipython", lambda: kernel_shell)
        assert progress_module._widgets_shown() is bar


WIDGET = "application/vnd.jupyter.widget-view+json"
LOOP = "from nnscratch.progress import progress\nprint(sum(progress(range(40), 'loop')))\n"


def _outputs_of(code: str, allow_stdin: bool) -> list[dict]:
    """Run code in a real kernel as a front end would, with or without allow_stdin."""
    import os

    from jupyter_client.manager import start_new_kernel

    env = {k: v for k, v in os.environ.items() if k != "NNSCRATCH_ISOLATION"}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        msg_id = client.execute(code, allow_stdin=allow_stdin)
        client.get_shell_msg(timeout=60)          # the reply: the cell has finished
        outputs = []
        while True:
            msg = client.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            if msg["msg_type"] in ("display_data", "stream", "execute_result", "error"):
                outputs.append(msg["content"])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_bar_in_an_interactive_front_end_and_none_under_nbclient():
    """JupyterLab asks every cell to run with allow_stdin; nbclient (nbconvert, nbgrader) without."""
    interactive = _outputs_of(LOOP, allow_stdin=True)
    assert any(WIDGET in out.get("data", {}) for out in interactive), interactive
    headless = _outputs_of(LOOP, allow_stdin=False)
    assert not any(WIDGET in out.get("data", {}) for out in headless), headless
    assert [out.get("text") for out in headless] == ["780\n"]


def test_a_notebook_executed_by_nbclient_saves_no_bar(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(LOOP)])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [out.get("text") for out in outputs] == ["780\n"], outputs
