# The students' JupyterLab: the course without nbgrader's instructor tools.
#
#     .venv/bin/jupyter lab --config=jupyter_student/jupyter_server_config.py course/
#
# This file only acts on the session started with `--config` pointing at it; it changes
# nothing installed. Instructors who want the formgrader and the "Nbgrader" menu run plain
# `.venv/bin/jupyter lab` instead.
from pathlib import Path

here = Path(__file__).resolve().parent

# nbgrader's server side: formgrader, course list, assignment list (the exchange) and
# nbgrader's own validation. Students check their work with the test cells and with
# `python -m autograder check`.
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.assignment_list": False,
    "nbgrader.server_extensions.validate_assignment": False,
}

# nbgrader's browser side (the "Nbgrader" menu, Formgrader, Create Assignment, Course
# List, Assignment List, the Validate button): disabled by page_config.json5 beside this
# file. JupyterLab reads page_config.json5 from its application settings folder.
c.LabApp.app_settings_dir = str(here)

# No "Would you like to receive official Jupyter news?" pop-up.
c.LabApp.news_url = None
