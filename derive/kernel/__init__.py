"""The trusted base: the one package that turns a proposed step into a checked one.

Everything that can make a step ``proved`` lives here and nowhere else: :mod:`.decide` (the
judge), :mod:`.normal_form` (canonical forms and the zero test), :mod:`.sign` (non-negativity
proofs), :mod:`.numeric` (sampling the quantified space and evaluating on it),
:mod:`.evidence` and :mod:`.optimizer` (numeric evidence with rigorous per-sample decisions) and
:mod:`.context` (local definitions). Nothing in this package imports the rules, the checker, the
notation, the exports, the terminal view or the CLI; an import-linter contract in
``pyproject.toml`` keeps it so. A bug outside this package can make a true step fail; it cannot
make a false step pass. The semantics the kernel implements are in ``docs/soundness.md``.

>>> from derive.definitions import STANDARD as S, KL
>>> decide(KL(S.P(S.x), S.Q(S.x), (S.x, S.X)), ">=", 0).status
'proved'
"""

from .context import Context, LocalDefinition
from .decide import DEFAULT_BUDGET, RelationError, decide, float_screen_fails

__all__ = [
    "Context", "LocalDefinition", "DEFAULT_BUDGET", "RelationError", "decide",
    "float_screen_fails",
]
