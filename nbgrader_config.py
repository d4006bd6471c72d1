"""nbgrader configuration: this repository is an nbgrader course.

Lessons are nbgrader assignments, one folder each, named like the lesson:
    solutions/<lesson>/<lesson>.ipynb        source       (nbgrader's "source" step)
    notebooks/<lesson>/<lesson>.ipynb        release      (what `nbgrader generate_assignment` writes)
    submitted/<student>/<lesson>/...         submissions  (`nbgrader collect` / `zip_collect`)
    autograded/, feedback/                   nbgrader's own outputs

Run nbgrader from the repository root with the environment activated (`. .venv/bin/activate`:
nbgrader runs `alembic` from PATH), e.g.
    nbgrader generate_assignment 00-numpy-api --force
    nbgrader autograde 00-numpy-api
    nbgrader generate_feedback 00-numpy-api
`np2jax release` writes notebooks/ without nbgrader's database and `np2jax grade` grades
without one; both use the same cell metadata, so either tool works on the same files.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = os.getcwd()  # nbgrader wants it absolute; run nbgrader from the course root
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# The exchange (release/fetch/submit between accounts on one JupyterHub) lives beside the course
# unless your hub sets a shared one; git ignores it.
c.Exchange.root = os.path.join(os.getcwd(), "exchange")

# Lessons import `np2jax.learner` and make figures; the kernel must start in the lesson folder.
c.Execute.timeout = 300
# JAX and Trax write warnings to stderr, and nbgrader scores a test cell 0 when it writes to
# stderr. Our lessons start JAX in the setup cell and keep test cells silent; np2jax
# ignores stderr by design (see docs/grading.md).

# Feedback shows students their results, not the hidden tests' code.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests, GetGrades  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
