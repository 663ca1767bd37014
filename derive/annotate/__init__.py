"""``derive annotate``: a lecturer's own notes, checked and marked in place.

The document is read and judged as ``derive check`` does; each checked display gets a mark
beside it (✓ proved, ≈ numeric only, ✗ refuted with the counterexample, ? unsupported) and a
summary is added.  The lecturer's text is never re-typeset: marks are inserted at source
positions (LaTeX) or placed beside the display (HTML from Markdown).

>>> from derive.annotate import checked_displays
>>> checked_displays("$$\\\\sigma(-z) = 1 - \\\\sigma(z)$$", "md").displays[0].verdict
'proved'
"""

from .displays import UNSUPPORTED, AnnotatedDocument, Display, checked_displays, find_displays

__all__ = ["UNSUPPORTED", "AnnotatedDocument", "Display", "checked_displays", "find_displays"]
