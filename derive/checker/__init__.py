"""Student submissions: read the math, judge every step with the kernel, name the mistake.

>>> from derive.checker import check_text
>>> check_text(r"$$\\sigma(-z) = 1-\\sigma(z)$$", "md").verdict
'correct'
"""

from .assignment import Assignment, AssignmentError, load_assignment, parse_assignment
from .check import check_file, check_text
from .diagnose import CODES, diagnose
from .grade import Grade, GradedReport, grade_file, grade_text
from .translate import TranslationError, Translator

__all__ = ["check_text", "check_file", "diagnose", "CODES", "TranslationError", "Translator",
           "Assignment", "AssignmentError", "load_assignment", "parse_assignment", "Grade",
           "GradedReport", "grade_file", "grade_text"]
