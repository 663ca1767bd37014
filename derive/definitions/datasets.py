"""Datasets as vocabulary: a finite empirical dataset is a distribution over its records.

A dataset of N records puts mass k/N on a record seen k times, so ``E_{x∼D}[f(x)]`` is the mean
of ``f`` over the dataset, ``(1/N) Σ_i f(x_i)``, and ``E_{(x,y_w,y_l)∼D}[ℓ]`` is the mean of a
per-pair loss over a preference dataset. Both are :class:`~derive.definitions.Expectation`
over a distribution on the records' domains: the prompts 𝒳 (:func:`prompt_dataset`) or the
triples 𝒳 × 𝒴 × 𝒴 of a prompt, the preferred and the rejected completion
(:func:`preference_dataset`). Linearity, constants and the per-prompt optimum are then what the
kernel already knows about expectations; the numeric evidence samples datasets on 1 to 13
prompts, and the dataset of one record (a point mass, a support of size 1) among them.

The kernel's distributions have full support (every record of 𝒳 × 𝒴 × 𝒴 has positive mass); a
dataset with a record of mass 0 is the limit of such, so an identity or an inequality between
finite averages holds for it too; an optimizer claim does not carry over unchanged (a prompt
of mass 0 leaves the policy's row free).

:class:`DPODatasetLoss` is DPO's training objective (Rafailov et al., Eq. 7):
``𝓛_DPO(π_θ; π_ref) = −E_{(x,y_w,y_l)∼D}[log σ(β log π_θ(y_w|x)/π_ref(y_w|x) −
β log π_θ(y_l|x)/π_ref(y_l|x))]``.

>>> from derive.definitions import STANDARD as S
>>> from derive.latex import latex
>>> L = dpo_dataset_loss(S.pi_theta, S.pi_ref, S.beta, preference_dataset())
>>> latex(L())
'\\\\mathcal{L}_{\\\\mathrm{DPO}}(\\\\pi_\\\\theta; \\\\pi_{\\\\mathrm{ref}})'
>>> latex(L.unfold(L()))[:49]
'- \\\\mathbb{E}_{(x, y_{w}, y_{l}) \\\\sim \\\\mathcal{D}}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .alignment import Sigmoid
from .information import Definition, Expectation
from .standard import STANDARD
from .support import Probability, distribution

__all__ = ["prompt_dataset", "preference_dataset", "preference_mean", "DPODatasetLoss",
           "dpo_dataset_loss"]

DATASET_TEX = r"\mathcal{D}"


def prompt_dataset(name: str = "D", tex: str = DATASET_TEX) -> type[Probability]:
    """A dataset of prompts: a distribution on 𝒳 (written ``x ∼ \\mathcal{D}``)."""
    return distribution(name, STANDARD.X, tex=tex)


def preference_dataset(name: str = "D", tex: str = DATASET_TEX) -> type[Probability]:
    """A preference dataset: a distribution on 𝒳 × 𝒴 × 𝒴, records ``(x, y_w, y_l)``."""
    S = STANDARD
    return distribution(name, (S.X, S.Y, S.Y), tex=tex)


def preference_mean(body: sp.Expr, dataset: type[Probability] | None = None) -> Expectation:
    """``E_{(x,y_w,y_l)∼D}[body]``: the mean of ``body`` over the preference dataset."""
    S = STANDARD
    data = dataset or preference_dataset()
    return Expectation(body, data(S.x, S.y_w, S.y_l), (S.x, S.X), (S.y_w, S.Y), (S.y_l, S.Y))


class DPODatasetLoss(sp.Function, Definition):
    """DPO's loss over a preference dataset; no arguments, the family fixes the policy, the
    reference, β and the dataset (:func:`dpo_dataset_loss`)."""

    defines = "the DPO loss over a preference dataset"
    policy: type[Probability]
    ref: type[Probability]
    beta: sp.Symbol
    dataset: type[Probability]
    nargs = 0
    is_real = True

    def unfold(self) -> sp.Expr:
        S = STANDARD
        x, yw, yl = S.x, S.y_w, S.y_l
        pol, ref, beta = self.policy, self.ref, self.beta
        h = beta * sp.log(pol(yw, x) / ref(yw, x)) - beta * sp.log(pol(yl, x) / ref(yl, x))
        return -preference_mean(sp.log(Sigmoid(h)), self.dataset)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"\mathcal{L}_{\mathrm{DPO}}(%s; %s)" % (self.policy.tex, self.ref.tex)
        return text if exp is None else r"%s^{%s}" % (text, exp)


def dpo_dataset_loss(policy: type[Probability], ref: type[Probability], beta: sp.Symbol,
                     dataset: type[Probability]) -> type[DPODatasetLoss]:
    """The dataset DPO loss family for this policy, reference, β and preference dataset."""
    return type("L_DPO_D", (DPODatasetLoss,),
                {"policy": policy, "ref": ref, "beta": beta, "dataset": dataset})
