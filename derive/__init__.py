"""derive: a symbolic derivation and verification engine for the information theory of alignment.

>>> import derive
>>> derive.__version__
'0.1.0'
"""

__version__ = "0.1.0"
