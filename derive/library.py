"""The derivation library: discover and build the derivations in the ``proofs`` package.

>>> "kl_cross_entropy" in names()
True
"""

from __future__ import annotations

import importlib
import pkgutil

from .derivation import Derivation

__all__ = ["names", "get", "all_derivations", "UnknownDerivation"]


class UnknownDerivation(KeyError):
    """No derivation of that name in the library."""


def names() -> list[str]:
    """The names of every derivation in the library, sorted."""
    import proofs

    return sorted(m.name for m in pkgutil.iter_modules(proofs.__path__)
                  if not m.name.startswith("_"))


def get(name: str) -> Derivation:
    """Build the derivation called ``name``."""
    if name not in names():
        raise UnknownDerivation(name)
    module = importlib.import_module(f"proofs.{name}")
    return module.derivation()


def all_derivations() -> list[Derivation]:
    """Build every derivation in the library."""
    return [get(n) for n in names()]
