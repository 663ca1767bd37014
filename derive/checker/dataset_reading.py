r"""Reading averages over a dataset of records: ``\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[…]``.

A dataset is a distribution over its records (an empirical dataset of N records has masses k/N,
see :mod:`derive.definitions.datasets`), so a binding of a *tuple* of names to a dataset is an
expectation over the joint distribution of the record's components: the prompt ``x`` on 𝒳 and
each completion (``y``, ``y_w``, ``y_l``) on 𝒴. Only plain, distinct names are read, and only
for a dataset written as a single capital letter (``D``, ``\mathcal{D}``); anything else is
refused, never guessed.

>>> from derive.checker import check_text
>>> rep = check_text(r"$$\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[r(x,y_w) - r(x,y_l)]"
...                  r" = \mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[r(x,y_w)]"
...                  r" - \mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[r(x,y_l)]$$", "md")
>>> [s.verdict for s in rep.steps]
['proved']
>>> rep = check_text(r"$$\mathcal{L}_{\mathrm{DPO}}(\pi_\theta; \pi_{\mathrm{ref}}) = "
...                  r"-\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}\left[\log\sigma\left("
...                  r"\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{\mathrm{ref}}(y_w|x)} - "
...                  r"\beta\log\frac{\pi_\theta(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}"
...                  r"\right)\right]$$", "md")
>>> list(rep.errors), len(rep.steps)
([], 1)
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions import STANDARD as S
from ..definitions import (
    Domain,
    distribution,
    dpo_dataset_loss,
    dpo_loss,
    preference_dataset,
)
from ..notation import ast as A
from .information_reading import _err

__all__ = ["DatasetReading"]


class DatasetReading:
    """Mixin of the translator: a record ``(x, y_w, y_l)`` drawn from a dataset."""

    expr: Any
    _policy: Any

    def record_binding(self, b: A.Binding, body: A.Node | None = None
                       ) -> tuple[sp.Expr, tuple[tuple[sp.Symbol, Domain], ...]]:
        r"""``(D(x, y_w, y_l), ((x, 𝒳), (y_w, 𝒴), (y_l, 𝒴)))`` for ``(x,y_w,y_l) \sim D``.

        A plain preference probability ``p(y_w ≻ y_l | x)`` averaged over a preference dataset
        is the likelihood of the data under *some* model: the true reward's Bradley–Terry or the
        one a policy's implicit reward gives (DPO's loss writes the latter). Which one is not
        written, so it is refused; ``p^*(…)`` (the true model) and ``σ(…)`` are read."""
        assert isinstance(b.var, A.Tuple)
        for node in body.walk() if body is not None else ():
            if isinstance(node, A.Preference) and not (node.func.sup or node.func.accent):
                raise _err(node, "a preference probability averaged over a dataset: whose model "
                                 "(the true reward's or a policy's implicit reward) is not "
                                 "written; write p^*(y_w \\succ y_l \\mid x) or the sigmoid")
        if b.dist is None or b.domain is not None or b.lower is not None or b.upper is not None:
            raise _err(b, "a record (x, y_w, y_l) is read only as drawn from a dataset (\\sim D)")
        data = b.dist
        if not (isinstance(data, A.Name) and len(data.base) == 1 and data.base.isupper()
                and data.font in (None, "mathcal") and not (data.sub or data.sup or data.accent)):
            raise _err(b, "a record is read only as drawn from a dataset named by one letter "
                          "(\\mathcal{D})")
        names = [self.expr(item) for item in b.var.items]
        if len(names) < 2 or not all(isinstance(v, sp.Symbol) for v in names) or \
                len(set(names)) != len(names):
            raise _err(b, "a record's components must be distinct plain names, (x, y_w, y_l)")
        domains = tuple(S.X if v.name.startswith("x") else S.Y for v in names)
        if domains[0] is not S.X or S.X in domains[1:]:
            raise _err(b, "a record is read as (prompt, completions…): (x, y_w, y_l)")
        # the same name as the prompt dataset x ~ D and the library's preference_dataset()
        tex = r"\mathcal{%s}" % data.base if data.font == "mathcal" else data.base
        family = distribution(data.base, domains, tex=tex)
        return family(*names), tuple(zip(names, domains, strict=True))

    def is_dataset_loss(self, n: A.Call) -> bool:
        """Is ``n`` DPO's loss written with its policies, ``L_DPO(π_θ; π_ref)`` (over the
        dataset) or ``L_DPO(π*; x, y_w, y_l)`` (one pair, the policy in the slot)?"""
        f = n.func
        if not (isinstance(f, A.Name) and f.base == "L" and f.sub == "DPO" and
                f.font in (None, "mathcal") and not (f.sup or f.accent or n.given)):
            return False
        policies = [a for a in n.args if isinstance(a, A.Name) and a.base == "pi"]
        return (len(n.args) == 2 and len(policies) == 2) or (
            len(n.args) == 4 and n.args[0] in policies and len(policies) == 1)

    def dataset_loss(self, n: A.Call) -> sp.Expr:
        """``L_DPO(π_θ; π_ref)``: DPO's loss over the preference dataset ``\\mathcal{D}``;
        ``L_DPO(π; x, y_w, y_l)``: the loss of one pair with the policy π against π_ref."""
        if len(n.args) == 4:
            record = [self.expr(a) for a in n.args[1:]]
            if not all(isinstance(v, sp.Symbol) for v in record):
                raise _err(n, "a pair's DPO loss is read at names, L_DPO(π; x, y_w, y_l)")
            policy = self._policy(n.args[0])
            if policy is S.pi_ref:
                raise _err(n, "DPO's loss compares a policy with π_ref, not π_ref with itself")
            return dpo_loss(policy, S.pi_ref, S.beta)(*record)
        policy, ref = (self._policy(a) for a in n.args)
        if policy is ref:
            raise _err(n, "DPO's loss compares two different policies, L_DPO(π_θ; π_ref)")
        return dpo_dataset_loss(policy, ref, S.beta, preference_dataset())()
