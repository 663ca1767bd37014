"""The derivation library: one module per result, named after what it concludes.

Each module defines ``derivation() -> derive.derivation.Derivation``; ``derive list`` finds them.
"""
