"""Student submissions: read the math, judge every step with the kernel, name the mistake.

>>> from derive.checker import check_text
>>> check_text(r"$$\\sigma(-z) = 1-\\sigma(z)$$", "md").verdict
'correct'
"""

from .check import check_file, check_text
from .diagnose import CODES, diagnose
from .translate import TranslationError, Translator

__all__ = ["check_text", "check_file", "diagnose", "CODES", "TranslationError", "Translator"]
