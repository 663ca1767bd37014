"""derive: a symbolic derivation and verification engine for the information theory of alignment.

>>> import derive
>>> derive.__version__
'0.1.0'
"""

__version__ = "0.1.0"


def check(text: str, kind: str = "tex"):  # noqa: ANN201 - returns a CheckReport
    """Check a student derivation (``tex``/``md``/``txt`` text); see :mod:`derive.checker`."""
    from .checker import check_text

    return check_text(text, kind)
