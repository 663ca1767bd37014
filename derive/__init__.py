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


def load_ipython_extension(ipython) -> None:  # noqa: ANN001 - ``%load_ext derive``
    """Rich display (LaTeX, Markdown, HTML) of derive's records in IPython/Jupyter."""
    from .export.notebook import register_formatters

    register_formatters(ipython)


def _register_in_ipython() -> None:
    import sys

    if "IPython" in sys.modules:  # imported inside a running shell: display records richly
        from .export.notebook import register_formatters

        register_formatters()


_register_in_ipython()
