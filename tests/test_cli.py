"""The command line's usage errors: one line saying what was expected, never a traceback."""
import autograder.lessons as lessons
from autograder.__main__ import main


def test_build_of_an_unknown_lesson_is_a_usage_error(capsys):
    assert main(["build", "07_transformers"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown lesson '07_transformers'" in err and "01_neuron" in err


def test_build_of_a_lesson_without_a_solution_notebook_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(lessons, "SOLUTIONS", tmp_path)
    assert main(["build", "04_mlp_backprop"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no solution notebook yet" in err


def test_grade_of_a_missing_folder_is_a_usage_error(capsys, tmp_path):
    assert main(["grade", "01_neuron", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "expected a folder" in capsys.readouterr().err


def test_grade_progress_is_one_redrawn_line_on_a_terminal_and_silent_otherwise():
    import io

    from autograder.grade import Outcome, Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, log = Terminal(), io.StringIO()
    for stream in (screen, log):
        progress = Progress(stream)
        progress(Outcome("a", {}), 1, 2)
        progress(Outcome("b", {}, problem="could not be graded"), 2, 2)
    assert log.getvalue() == ""
    assert screen.getvalue().count("\r") == 2 and screen.getvalue().endswith("\n")
    assert "graded 2/2 students" in screen.getvalue() and "1 could not be graded" in screen.getvalue()


def test_the_key_figure_is_the_first_image_of_the_tagged_cell():
    import base64

    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from autograder.figures import key_figure

    def image(data):
        return new_output("display_data", data={"image/png": base64.b64encode(data).decode()})

    nb = new_notebook(cells=[new_code_cell("a", outputs=[image(b"first")]),
                             new_code_cell("b", outputs=[image(b"key"), image(b"second")])])
    assert key_figure(nb) is None
    nb.cells[1].metadata["tags"] = ["readme-figure"]
    assert key_figure(nb) == b"key"
