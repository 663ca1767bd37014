"""Newton's method for the optimizer evidence (trusted base): float64, then 50 digits.

``float_newton`` maximizes a vectorised float objective (Levenberg–Marquardt damping, a trust
region, a backtracking line search); ``refine`` then takes Newton steps on the high-precision
objective with a float Hessian (recomputed where progress is slow) and says whether the
high-precision gradient fell below ``CONVERGED`` away from the simplex's boundary.

>>> import numpy as np
>>> z, _ = float_newton(lambda zs: -((zs - 1.5) ** 2).sum(axis=1), np.array([0.0]))
>>> round(float(z[0]), 6)
1.5
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np

__all__ = ["CONVERGED", "float_newton", "refine", "gradient"]

#: the gradient norm below which Newton's method has converged
CONVERGED = mpmath.mpf("1e-28")


def float_newton(f: Callable[[np.ndarray], np.ndarray], z0: np.ndarray,
                  iters: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Maximize ``f`` (vectorised) from ``z0`` in float64; ``(z, Hessian at z)``."""
    d, z = len(z0), np.array(z0, dtype=float)
    h = 1e-4
    hess = -np.eye(d)
    for _ in range(iters):
        f0, g, hess = _derivatives(f, z, h)
        if not np.all(np.isfinite(g)) or np.max(np.abs(g), initial=0) < 1e-10:
            break
        try:  # Levenberg–Marquardt: shift -H to positive definite (the objective need not
            # be concave in softmax coordinates far from the optimum)
            if not np.all(np.isfinite(hess)):  # (LAPACK would print to stderr on a nan)
                raise np.linalg.LinAlgError("a Hessian that is not finite")
            neg = -hess
            low = float(np.linalg.eigvalsh(neg)[0]) if d else 0.0
            scale = max(1e-12, float(np.max(np.abs(neg), initial=0.0)))
            shift = max(0.0, -low) + 1e-9 * scale if low <= 1e-9 * scale else 0.0
            step = np.linalg.solve(neg + shift * np.eye(d), g)
            if not np.dot(step, g) > 0:
                step = g
        except np.linalg.LinAlgError:
            step = g
        size = float(np.max(np.abs(step), initial=0.0))
        if size > MAX_STEP:  # a trust region: logits move at most MAX_STEP per iteration
            step = step * (MAX_STEP / size)
        ts = 0.5 ** np.arange(30)
        vals = f(z[None, :] + ts[:, None] * step[None, :])
        better = np.flatnonzero(np.isfinite(vals) & (vals > f0))
        if not len(better):
            break
        z = z + ts[better[0]] * step
    return z, hess


def refine(fv: Callable[[np.ndarray], np.ndarray], f: Callable[[list], Any], zf: np.ndarray,
           hess: np.ndarray, deadline: float) -> tuple[list, bool]:
    """Newton steps on ``f`` (high precision) from the float optimum ``zf``; ``(z, converged)``.
    ``fv`` is the same objective in float64 (vectorised), for Hessians."""
    z = [mpmath.mpf(float(t)) for t in zf]
    norm, refreshed = None, False
    for _ in range(MP_STEPS):
        if time.monotonic() > deadline:
            return z, False
        g = gradient(f, z)
        previous, norm = norm, max((abs(t) for t in g), default=0)
        if norm < CONVERGED:
            # logits beyond ±BOUNDARY put masses below e^-BOUNDARY: that is the boundary of
            # the simplex, where a vanishing gradient says nothing about optimality
            return z, max((abs(t) for t in z), default=0) < BOUNDARY
        if previous is not None and norm > previous * 1e-2:
            # slow progress: the Hessian at the current point (float64, vectorised); if even
            # that stalls, tiny masses make the problem too ill-conditioned to locate
            if refreshed and norm > previous * 0.5:
                return z, False
            hess = float_hessian(fv, np.array([float(t) for t in z]))
            refreshed = True
        # the Hessian is good to ~8 digits, so a float64 solve loses nothing: each step still
        # gains about 8 digits, and the 50-digit gradient decides convergence
        if not (np.all(np.isfinite(hess)) and all(mpmath.isfinite(t) for t in g)):
            return z, False  # nothing to solve (and LAPACK would print to stderr on a nan)
        try:  # least squares: directions the objective does not depend on stay put
            step = np.linalg.lstsq(-hess, np.array([float(t) for t in g]), rcond=1e-13)[0]
        except np.linalg.LinAlgError:
            return z, False
        if not np.all(np.isfinite(step)):
            return z, False
        z = [zi + mpmath.mpf(float(si)) for zi, si in zip(z, step, strict=True)]
    return z, max((abs(t) for t in gradient(f, z)), default=0) < CONVERGED


#: the largest change of a logit in one float Newton step, and the logit size taken as the
#: boundary of the simplex
MAX_STEP, BOUNDARY = 4.0, 40

#: 50-digit Newton steps after the float ones (with a fresh float Hessian when one gains less
#: than two digits)
MP_STEPS = 8


def float_hessian(fv: Callable[[np.ndarray], np.ndarray], z: np.ndarray,
                   h: float = 1e-4) -> np.ndarray:
    """The Hessian of the vectorised ``fv`` at ``z`` by central differences."""
    return _derivatives(fv, z, h)[2]


def _derivatives(fv: Callable[[np.ndarray], np.ndarray], z: np.ndarray,
                 h: float) -> tuple[float, np.ndarray, np.ndarray]:
    """``fv(z)``, its gradient and Hessian by central differences (one vectorised call)."""
    d = len(z)
    e = np.eye(d) * h
    pts = [z] + [z + e[i] for i in range(d)] + [z - e[i] for i in range(d)]
    pts += [z + e[i] + e[j] for i in range(d) for j in range(i + 1, d)]
    v = fv(np.array(pts))
    f0, fp, fm = v[0], v[1:d + 1], v[d + 1:2 * d + 1]
    with np.errstate(invalid="ignore"):  # -inf - -inf off the domain: nan, checked by callers
        hess = np.diag((fp - 2 * f0 + fm) / h ** 2)
        k = 2 * d + 1
        for i in range(d):
            for j in range(i + 1, d):
                hess[i, j] = hess[j, i] = (v[k] - fp[i] - fp[j] + f0) / h ** 2
                k += 1
        return f0, (fp - fm) / (2 * h), hess


def gradient(f: Callable[[list], Any], z: list) -> list:
    """Central differences at the working precision (error ~10^(-2·dps/3))."""
    h = mpmath.mpf(10) ** (-(mpmath.mp.dps // 3))
    g = []
    for i in range(len(z)):
        up, dn = list(z), list(z)
        up[i] += h
        dn[i] -= h
        g.append((f(up) - f(dn)) / (2 * h))
    return g


