"""Releasing graded notebooks and grading a class's submissions (otter-grader format).

:func:`release` turns the master notebooks into student notebooks and
autograder bundles; :func:`grade` grades every submission in its own limited
kernel, several at a time, into one CSV. See instructor/README.md.
"""

from framing.grading.grade import Limits, grade
from framing.grading.release import release

__all__ = ["Limits", "grade", "release"]
