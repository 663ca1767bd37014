"""A catalogue of TRUE statements of the field, each with hand-made near-miss mutants.

Every template takes a seeded ``random.Random`` and returns ``(name, true_statement,
mutants, known_false)``: the statement is true by construction (textbook identities and
inequalities, REFERENCE §1–§7), ``mutants`` are near misses that are *usually* false (the
referee decides), ``known_false`` are false for a reason the referee's ≤ 3-point supports
cannot see (``H(P) ≤ 5/2`` fails only on ≥ 13 points). Random choices (which distributions,
which real expressions, coefficients) make thousands of distinct statements.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from .dataset_templates import DATASET_TEMPLATES
from .group_templates import GROUP_TEMPLATES
from .nodes import (
    BT,
    Beta,
    CondEnt,
    Const,
    CrossEnt,
    Deriv,
    Dist,
    Div,
    Ent,
    Expect,
    Fn,
    Infinity,
    KLDiv,
    MinMax,
    Mul,
    MutInf,
    Node,
    Partition,
    Pow,
    Reward,
    Scalar,
    Stmt,
    Sum,
    TorchKL,
    Var,
    add,
    c,
    exp,
    log,
    mul,
    neg,
    sub,
)

Template = tuple[str, Stmt, list[Stmt], list[Stmt]]

x, y, y2 = Var("x", "X"), Var("y", "Y"), Var("y'", "Y")
yw, yl = Var("y_w", "Y"), Var("y_l", "Y")
z, h, beta = Scalar("z"), Scalar("h"), Beta()
ZERO, ONE = c(0), c(1)


def mentions(node: object) -> set[str]:
    """Names of the element variables occurring anywhere in ``node``."""
    if isinstance(node, Var):
        return {node.name}
    if isinstance(node, tuple):
        return set().union(*(mentions(n) for n in node)) if node else set()
    if isinstance(node, Node):
        return set().union(*(mentions(v) for v in vars(node).values())) if vars(node) else set()
    return set()


def D(name: str, v: Var) -> Dist:  # noqa: N802 - reads like the math
    """``name`` applied at ``v`` (policies are conditioned on the free x)."""
    return Dist(name, (v, x) if name in ("pi", "pi_ref", "pi_star") else (v,))


def pair(rng: random.Random) -> tuple[str, str, Var]:
    return rng.choice([("P", "Q", x), ("Q", "P", x), ("pi", "pi_ref", y), ("pi_ref", "pi", y),
                       ("pi_star", "pi_ref", y), ("pi", "pi_star", y), ("pX", "P", x)])


def single(rng: random.Random) -> tuple[str, Var]:
    return rng.choice([("P", x), ("Q", x), ("pi", y), ("pi_ref", y), ("pi_star", y),
                       ("pX", x), ("pY", y)])


def coef(rng: random.Random) -> Const:
    return c(rng.choice([Fraction(2), Fraction(3), Fraction(1, 2), Fraction(-1), Fraction(-2),
                         Fraction(5, 3), Fraction(7)]))


def real(rng: random.Random) -> Node:
    """A real-valued expression free of bound variables."""
    return rng.choice([
        z, h, Reward(x, y), sub(Reward(x, yw), Reward(x, yl)), Div(Reward(x, y), beta),
        add(mul(coef(rng), z), h), mul(beta, h), log(D("P", x)), add(z, c(Fraction(-1, 2))),
        mul(coef(rng), Reward(x, y2)),
    ])


def pos(rng: random.Random) -> Node:
    """A positive expression."""
    return rng.choice([
        D("P", x), D("pi", y), beta, exp(z), Fn("sigmoid", h), Partition(x), D("pi_star", y),
        c(3), add(Pow(z, c(2)), ONE), BT(x, yw, yl), D("pi_ref", y2), c(Fraction(1, 7)),
    ])


def body(rng: random.Random, v: Var) -> Node:
    """A real function of the bound variable ``v``."""
    if v.dom == "Y":
        return rng.choice([Reward(x, v), log(D("pi_ref", v)), Div(Reward(x, v), beta),
                           Pow(Reward(x, v), c(2)), add(Reward(x, v), z), c(Fraction(5, 2))])
    return rng.choice([log(D("Q", v)), Div(D("Q", v), D("P", v)), mul(z, log(D("P", v))),
                       c(-3), Pow(log(D("Q", v)), c(2))])


def _kl(rng: random.Random) -> Template:
    p, q, v = pair(rng)
    kl, ce, hp = KLDiv(D(p, v), D(q, v), v), CrossEnt(D(p, v), D(q, v), v), Ent(D(p, v), (v,))
    return ("KL=CE-H", Stmt(kl, "=", sub(ce, hp)),
            [Stmt(KLDiv(D(q, v), D(p, v), v), "=", sub(ce, hp)), Stmt(kl, "=", add(ce, hp)),
             Stmt(kl, "=", sub(CrossEnt(D(q, v), D(p, v), v), hp))], [])


def _gibbs(rng: random.Random) -> Template:
    p, q, v = pair(rng)
    kl = KLDiv(D(p, v), D(q, v), v)
    tiny = c(Fraction(1, 10 ** rng.choice([6, 12, 30])))
    ce = CrossEnt(D(p, v), D(q, v), v)
    return ("Gibbs", Stmt(kl, ">=", ZERO),
            [Stmt(kl, ">", ZERO), Stmt(kl, ">=", tiny), Stmt(kl, "<=", KLDiv(D(q, v), D(p, v), v)),
             Stmt(ce, ">", Ent(D(p, v), (v,))), Stmt(ce, ">=", Ent(D(q, v), (v,)))], [])


def _entropy(rng: random.Random) -> Template:
    p, v = single(rng)
    hp = Ent(D(p, v), (v,))
    size = Sum(v, ONE)
    if rng.random() < 0.5:
        return ("H>=0", Stmt(hp, ">=", ZERO),
                [Stmt(hp, ">", ZERO), Stmt(hp, "<=", log(c(2)))],
                [Stmt(hp, "<=", c(Fraction(5, 2)))])
    return ("H<=log|X|", Stmt(hp, "<=", log(size)),
            [Stmt(hp, "<", log(size)), Stmt(hp, "<=", sub(log(size), c(Fraction(1, 10**15)))),
             Stmt(hp, ">=", log(size))], [])


def _mutual(rng: random.Random) -> Template:
    hx, hy = Ent(D("pX", x), (x,)), Ent(D("pY", y), (y,))
    hxy, mi = Ent(Dist("p", (x, y)), (x, y)), MutInf()
    choice = rng.randrange(6)
    if choice == 0:
        return ("I=HX+HY-HXY", Stmt(mi, "=", sub(add(hx, hy), hxy)),
                [Stmt(mi, "=", add(hx, hy, hxy)), Stmt(mi, "=", sub(hx, hxy))], [])
    if choice == 1:
        return ("I>=0", Stmt(mi, ">=", ZERO), [Stmt(mi, ">", ZERO), Stmt(mi, ">=", hx)], [])
    if choice == 2:
        return ("H(X|Y)<=H(X)", Stmt(CondEnt(1), "<=", hx),
                [Stmt(CondEnt(1), "<", hx), Stmt(CondEnt(1), ">=", hx)], [])
    if choice == 3:
        return ("H(X|Y)=H(X,Y)-H(Y)", Stmt(CondEnt(1), "=", sub(hxy, hy)),
                [Stmt(CondEnt(1), "=", sub(hxy, hx)), Stmt(CondEnt(0), "=", sub(hxy, hy))], [])
    if choice == 4:
        return ("I=H(X)-H(X|Y)", Stmt(mi, "=", sub(hx, CondEnt(1))),
                [Stmt(mi, "=", sub(hx, CondEnt(0))), Stmt(mi, "=", sub(hy, CondEnt(1)))], [])
    return ("H(X)<=H(X,Y)<=H(X)+H(Y)", Stmt(hxy, "<=", add(hx, hy)),
            [Stmt(hxy, "<", add(hx, hy)), Stmt(hxy, "<=", hx), Stmt(hxy, "<=", hy)], [])


def _linearity(rng: random.Random) -> Template:
    p, v = single(rng)
    f, g, a, b = body(rng, v), body(rng, v), coef(rng), real(rng)
    while v.name in mentions(b):  # the coefficient must not depend on the bound variable
        b = real(rng)
    e = lambda t: Expect(v, D(p, v), t)  # noqa: E731
    lhs = e(add(mul(a, f), mul(b, g)))
    return ("E linearity", Stmt(lhs, "=", add(mul(a, e(f)), mul(b, e(g)))),
            [Stmt(lhs, "=", mul(a, e(f))), Stmt(e(mul(f, g)), "=", mul(e(f), e(g))),
             Stmt(lhs, "=", add(mul(a, e(f)), mul(b, b, e(g))))], [])


def _normalised(rng: random.Random) -> Template:
    p, v = single(rng)
    s = Sum(v, D(p, v))
    zsum = Sum(y, mul(D("pi_ref", y), exp(Div(Reward(x, y), beta))))
    return ("Sum p = 1", Stmt(s, "=", ONE),
            [Stmt(s, "=", add(ONE, c(Fraction(1, 10**20)))), Stmt(zsum, "=", ONE),
             Stmt(Sum(v, ONE), "=", ONE), Stmt(Sum(x, ONE), "=", Sum(y, ONE))], [])


def _optimal_policy(rng: random.Random) -> Template:
    ps, pr, rr, zz = D("pi_star", y), D("pi_ref", y), Reward(x, y), Partition(x)
    if rng.random() < 0.5:
        rhs = add(log(pr), Div(rr, beta), neg(log(zz)))
        return ("log pi* identity", Stmt(log(ps), "=", rhs),
                [Stmt(log(ps), "=", add(log(pr), rr, neg(log(zz)))),
                 Stmt(log(ps), "=", add(log(pr), Div(rr, beta), log(zz))),
                 Stmt(log(ps), "=", add(log(pr), Div(rr, beta))),
                 Stmt(log(ps), "=", add(rhs, c(Fraction(1, 10**30))))], [])
    lhs = mul(beta, log(Div(ps, pr)))
    return ("DPO reparametrisation", Stmt(lhs, "=", sub(rr, mul(beta, log(zz)))),
            [Stmt(lhs, "=", rr), Stmt(lhs, "=", add(rr, mul(beta, log(zz)))),
             Stmt(log(Div(ps, pr)), "=", sub(rr, log(zz)))], [])


def _implicit_reward(v: Var, pol: str = "pi_star") -> Node:
    return mul(beta, log(Div(D(pol, v), D("pi_ref", v))))


def _bradley_terry(rng: random.Random) -> Template:
    bt, rw, rl = BT(x, yw, yl), Reward(x, yw), Reward(x, yl)
    k = rng.randrange(4)
    if k == 0:
        return ("BT = sigma(rw - rl)", Stmt(bt, "=", Fn("sigmoid", sub(rw, rl))),
                [Stmt(bt, "=", Fn("sigmoid", sub(rl, rw))), Stmt(bt, "=", Fn("sigmoid", rw))],
                [])
    if k == 1:
        return ("BT symmetry", Stmt(add(bt, BT(x, yl, yw)), "=", ONE),
                [Stmt(bt, "=", BT(x, yl, yw)), Stmt(BT(x, y, y2), "=", c(Fraction(1, 2)))], [])
    if k == 2:
        return ("BT(y,y)=1/2", Stmt(BT(x, y, y), "=", c(Fraction(1, 2))),
                [Stmt(BT(x, y, y), ">", c(Fraction(1, 2))), Stmt(bt, "<", ONE)], [])
    h_star = sub(_implicit_reward(yw), _implicit_reward(yl))
    return ("BT via implicit reward", Stmt(Fn("sigmoid", h_star), "=", bt),
            [Stmt(Fn("sigmoid", h_star), "=", BT(x, yl, yw)),
             Stmt(Fn("sigmoid", sub(log(Div(D("pi_star", yw), D("pi_ref", yw))),
                                    log(Div(D("pi_star", yl), D("pi_ref", yl))))), "=", bt)], [])


def _sigmoid(rng: random.Random) -> Template:
    a = real(rng)
    if rng.random() < 0.5:
        return ("sigma(a)+sigma(-a)=1", Stmt(add(Fn("sigmoid", a), Fn("sigmoid", neg(a))), "=",
                                              ONE),
                [Stmt(add(Fn("sigmoid", a), Fn("sigmoid", a)), "=", ONE),
                 Stmt(Fn("sigmoid", a), ">=", c(Fraction(1, 2)))], [])
    rhs = neg(log(add(ONE, exp(neg(a)))))
    return ("log sigma", Stmt(log(Fn("sigmoid", a)), "=", rhs),
            [Stmt(log(Fn("sigmoid", a)), "=", neg(log(add(ONE, exp(a))))),
             Stmt(log(Fn("sigmoid", a)), "=", neg(a))],
            [])


def _exp_log(rng: random.Random) -> Template:
    a, b, u, v = real(rng), real(rng), pos(rng), pos(rng)
    k = rng.randrange(5)
    if k == 0:
        return ("exp(a+b)", Stmt(exp(add(a, b)), "=", mul(exp(a), exp(b))),
                [Stmt(exp(mul(a, b)), "=", mul(exp(a), exp(b))),
                 Stmt(exp(add(a, b)), "=", add(exp(a), exp(b)))], [])
    if k == 1:
        return ("log(uv)", Stmt(log(mul(u, v)), "=", add(log(u), log(v))),
                [Stmt(log(add(u, v)), "=", add(log(u), log(v))),
                 Stmt(log(Div(u, v)), "=", add(log(u), log(v)))], [])
    if k == 2:
        n = rng.choice([2, 3, -1, Fraction(1, 2)])
        return ("log(u^k)", Stmt(log(Pow(u, c(n))), "=", mul(c(n), log(u))),
                [Stmt(log(Pow(u, c(n))), "=", Pow(log(u), c(n))), Stmt(Pow(u, c(3)), "=", u)],
                [])
    if k == 3:
        return ("exp(log u)", Stmt(exp(log(u)), "=", u),
                [Stmt(exp(log(u)), "=", mul(u, add(ONE, c(Fraction(1, 10**15))))),
                 Stmt(log(exp(u)), "=", exp(u))], [])
    return ("log u <= u - 1", Stmt(log(u), "<=", sub(u, ONE)),
            [Stmt(log(u), "<", sub(u, ONE)), Stmt(log(u), "<=", sub(u, c(Fraction(3, 2))))], [])


def _min_max(rng: random.Random) -> Template:
    a, b = real(rng), real(rng)
    mn, mx = MinMax("min", a, b), MinMax("max", a, b)
    k = rng.randrange(3)
    if k == 0:
        return ("min+max", Stmt(add(mn, mx), "=", add(a, b)),
                [Stmt(add(mn, mx), "=", mul(c(2), mx)), Stmt(mn, "<", mx)], [])
    if k == 1:
        half = c(Fraction(1, 2))
        return ("max via abs", Stmt(mx, "=", mul(half, add(a, b, Fn("abs", sub(a, b))))),
                [Stmt(mx, "=", mul(half, sub(add(a, b), Fn("abs", sub(a, b))))),
                 Stmt(Fn("abs", add(a, b)), "=", add(Fn("abs", a), Fn("abs", b)))], [])
    return ("triangle", Stmt(Fn("abs", add(a, b)), "<=", add(Fn("abs", a), Fn("abs", b))),
            [Stmt(Fn("abs", add(a, b)), "<", add(Fn("abs", a), Fn("abs", b))),
             Stmt(Fn("abs", a), "<=", a), Stmt(mx, "<=", a)], [])


def _k3(rng: random.Random) -> Template:
    p, q, v = pair(rng)
    w = Div(D(q, v), D(p, v))
    k3 = sub(sub(w, ONE), log(w))
    if rng.random() < 0.5:
        return ("k3 >= 0", Stmt(k3, ">=", ZERO),
                [Stmt(k3, ">", ZERO), Stmt(k3, "<=", Pow(sub(w, ONE), c(2)))], [])
    e = Expect(v, D(p, v), k3)
    return ("E_p[k3] = KL(p||q)", Stmt(e, "=", KLDiv(D(p, v), D(q, v), v)),
            [Stmt(e, "=", KLDiv(D(q, v), D(p, v), v)),
             Stmt(Expect(v, D(p, v), neg(log(w))), "=", KLDiv(D(q, v), D(p, v), v))], [])


def _gaussian(rng: random.Random) -> Template:
    a = real(rng)
    g = exp(neg(Div(Pow(a, c(2)), beta)))
    return ("exp(-a^2/beta) > 0", Stmt(g, ">", ZERO),
            [Stmt(g, ">", c(Fraction(1, 10**30))), Stmt(g, "<", ONE)],
            [Stmt(Pow(a, c(2)), "<=", c(10**4))])


def _self_kl(rng: random.Random) -> Template:
    p, v = single(rng)
    q = rng.choice(["P", "Q"]) if v.dom == "X" else rng.choice(["pi", "pi_ref"])
    return ("KL(p||p)=0", Stmt(KLDiv(D(p, v), D(p, v), v), "=", ZERO),
            [Stmt(KLDiv(D(p, v), D(q, v), v), "=", ZERO) if q != p else
             Stmt(KLDiv(D(p, v), D(p, v), v), ">", ZERO),
             Stmt(CrossEnt(D(p, v), D(p, v), v), "=", ZERO)], [])


def _rlhf(rng: random.Random) -> Template:
    pol = rng.choice(["pi", "pi_ref", "pi_star"])
    obj = sub(Expect(y, D(pol, y), Reward(x, y)), mul(beta, KLDiv(D(pol, y), D("pi_ref", y), y)))
    blz = mul(beta, log(Partition(x)))
    k = rng.randrange(3)
    if k == 0:
        rhs = sub(blz, mul(beta, KLDiv(D(pol, y), D("pi_star", y), y)))
        return ("objective = beta log Z - beta KL(pi||pi*)", Stmt(obj, "=", rhs),
                [Stmt(obj, "=", add(blz, mul(beta, KLDiv(D(pol, y), D("pi_star", y), y)))),
                 Stmt(obj, "=", sub(blz, mul(beta, KLDiv(D("pi_star", y), D(pol, y), y)))),
                 Stmt(obj, "=", sub(log(Partition(x)), KLDiv(D(pol, y), D("pi_star", y), y)))],
                [])
    if k == 1:
        return ("objective <= beta log Z", Stmt(obj, "<=", blz),
                [Stmt(obj, "<", blz), Stmt(obj, "<=", Expect(y, D(pol, y), Reward(x, y)))
                 if pol == "pi_star" else Stmt(obj, ">=", blz)], [])
    e = Expect(y, D("pi_ref", y), Reward(x, y))
    return ("Jensen on log Z", Stmt(log(Partition(x)), ">=", Div(e, beta)),
            [Stmt(log(Partition(x)), "<=", Div(e, beta)),
             Stmt(Partition(x), "=", exp(Div(e, beta)))], [])


def _policy_products(rng: random.Random) -> Template:
    pol = rng.choice(["pi", "pi_ref", "pi_star"])
    k = rng.randrange(3)
    if k == 0:
        return ("Sum pi^2 <= 1", Stmt(Sum(y, Pow(D(pol, y), c(2))), "<=", ONE),
                [Stmt(Sum(y, Pow(D(pol, y), c(2))), "<", ONE),
                 Stmt(Sum(y, Pow(D(pol, y), c(2))), ">=", c(Fraction(1, 2)))], [])
    if k == 1:
        prod = mul(D(pol, y), D(pol, y2))
        return ("pi(y)pi(y') <= 1", Stmt(prod, "<=", ONE),
                [Stmt(prod, "<=", c(Fraction(1, 4))), Stmt(prod, "<", ONE)], [])
    return ("Z = E_ref[exp(r/beta)]",
            Stmt(Partition(x), "=", Expect(y, D("pi_ref", y), exp(Div(Reward(x, y), beta)))),
            [Stmt(Partition(x), "=", Expect(y, D("pi", y), exp(Div(Reward(x, y), beta)))),
             Stmt(Partition(x), ">=", ONE)], [])


def _dpo_loss(rng: random.Random) -> Template:
    pol = rng.choice(["pi", "pi_star"])
    hh = sub(_implicit_reward(yw, pol), _implicit_reward(yl, pol))
    loss = neg(log(Fn("sigmoid", hh)))
    return ("DPO loss >= 0", Stmt(loss, ">=", ZERO),
            [Stmt(loss, ">", log(c(2))), Stmt(loss, "<=", log(c(2))),
             Stmt(loss, "=", log(add(ONE, exp(hh))))], [])


def _kl_expectation(rng: random.Random) -> Template:
    p, q, v = pair(rng)
    kl = KLDiv(D(p, v), D(q, v), v)
    diff = sub(log(D(p, v)), log(D(q, v)))
    return ("KL = E_p[log p - log q]", Stmt(kl, "=", Expect(v, D(p, v), diff)),
            [Stmt(kl, "=", Expect(v, D(q, v), diff)),
             Stmt(kl, "=", Sum(v, mul(D(q, v), log(Div(D(q, v), D(p, v))))))], [])


def sig(a: Node) -> Node:
    return Fn("sigmoid", a)


def _softplus_derivative(rng: random.Random) -> Template:
    """d/dz log(1 + e^z) = σ(z); d/dz log σ(z) = σ(−z); d/dz σ(z) = σ(z)σ(−z)."""
    v = rng.choice([z, h])
    which = rng.randrange(3)
    if which == 0:
        lhs, rhs = Deriv(log(add(ONE, exp(v))), v), sig(v)
        wrong = [sig(neg(v)), exp(v), Div(ONE, add(ONE, exp(v)))]
    elif which == 1:
        lhs, rhs = Deriv(log(sig(v)), v), rng.choice([sig(neg(v)), sub(ONE, sig(v))])
        wrong = [sig(v), neg(sig(neg(v))), Div(ONE, sig(v))]
    else:
        lhs, rhs = Deriv(sig(v), v), mul(sig(v), sig(neg(v)))
        wrong = [mul(sig(v), sig(v)), sig(neg(v)), mul(sig(v), add(ONE, sig(neg(v))))]
    return ("d softplus / log sigma", Stmt(lhs, "=", rhs), [Stmt(lhs, "=", w) for w in wrong],
            [])


def _chain_rule(rng: random.Random) -> Template:
    """d/dh f(a·h + b) = a f'(a·h + b) for f in log σ, σ, softplus, exp; b free of h."""
    a = rng.choice([c(2), c(-1), c(Fraction(1, 2)), beta, c(3)])
    b = rng.choice([Reward(x, y), z, sub(Reward(x, yw), Reward(x, yl)), ZERO])
    u = add(mul(a, h), b)
    f = rng.randrange(4)
    outer, slope = [(log(sig(u)), sig(neg(u))), (sig(u), mul(sig(u), sig(neg(u)))),
                    (log(add(ONE, exp(u))), sig(u)), (exp(u), exp(u))][f]
    lhs = Deriv(outer, h)
    own = [Stmt(lhs, "=", slope), Stmt(lhs, "=", neg(mul(a, slope)))]
    if f == 0:
        own.append(Stmt(lhs, "=", mul(a, sig(u))))
    return ("chain rule", Stmt(lhs, "=", mul(a, slope)), own, [])


def _dpo_pair_gradient(rng: random.Random) -> Template:
    """∂/∂h [−log σ(β h)] = −β σ(−β h): the DPO loss in its margin (REFERENCE §4 S7)."""
    m = rng.choice([h, add(h, sub(Reward(x, yw), Reward(x, yl)))])
    lhs = Deriv(neg(log(sig(mul(beta, m)))), h)
    rhs = neg(mul(beta, sig(neg(mul(beta, m)))))
    return ("DPO pair gradient", Stmt(lhs, "=", rhs),
            [Stmt(lhs, "=", neg(mul(beta, sig(mul(beta, m))))),
             Stmt(lhs, "=", neg(sig(neg(mul(beta, m))))),
             Stmt(lhs, "=", mul(beta, sig(neg(mul(beta, m)))))], [])


def _estimator_derivatives(rng: random.Random) -> Template:
    """With w = e^z: d k1/dz = −1, d k2/dz = z, d k3/dz = w − 1 (Schulman's estimators)."""
    w = exp(z)
    which = rng.randrange(3)
    if which == 0:
        lhs, rhs, wrong = Deriv(neg(log(w)), z), c(-1), [ONE, neg(w)]
    elif which == 1:
        lhs = Deriv(mul(c(Fraction(1, 2)), Pow(log(w), c(2))), z)
        rhs, wrong = z, [mul(c(Fraction(1, 2)), z), mul(z, w)]
    else:
        lhs = Deriv(sub(sub(w, ONE), log(w)), z)
        rhs, wrong = sub(w, ONE), [sub(ONE, w), w, sub(w, Div(ONE, w))]
    return ("k1/k2/k3 derivatives", Stmt(lhs, "=", rhs), [Stmt(lhs, "=", r) for r in wrong], [])


def _log_softmax(rng: random.Random) -> Template:
    """Logits z, h and a third (a reward or 0): ∂ log softmax_z / ∂z = 1 − softmax_z, and the
    score identity Σ_i p_i ∂ log p_i = 0 (the log-derivative trick on a finite support)."""
    third = rng.choice([Reward(x, y), ZERO, mul(c(2), h)])
    total = add(exp(z), exp(h), exp(third))
    pz, ph, p3 = Div(exp(z), total), Div(exp(h), total), Div(exp(third), total)
    if rng.random() < 0.5:
        lhs = Deriv(log(pz), z)
        return ("log-softmax gradient", Stmt(lhs, "=", sub(ONE, pz)),
                [Stmt(lhs, "=", pz), Stmt(lhs, "=", sub(pz, ONE)), Stmt(lhs, "=", ONE)], [])
    v = rng.choice([z, h])
    score = add(mul(pz, Deriv(log(pz), v)), mul(ph, Deriv(log(ph), v)),
                mul(p3, Deriv(log(p3), v)))
    return ("score identity", Stmt(score, "=", ZERO),
            [Stmt(add(mul(pz, Deriv(log(pz), v)), mul(ph, Deriv(log(ph), v))), "=", ZERO),
             Stmt(score, "=", ONE)], [])


def _constant_derivative(rng: random.Random) -> Template:
    """A derivative in z of an expression without z is 0 (rewards, β, h are held fixed)."""
    e = rng.choice([mul(beta, Reward(x, y)), add(h, log(D("P", x))), exp(mul(c(2), h)),
                    Partition(x)])
    lhs = Deriv(e, z)
    return ("derivative of a constant", Stmt(lhs, "=", ZERO),
            [Stmt(lhs, "=", ONE), Stmt(lhs, "=", e)], [])


def _torch_kl_div(rng: random.Random) -> Template:
    """torch's kl_div(log q, p) = D_KL(p‖q) (the input is the log of the SECOND argument), in
    its log_target form, as an expectation under the target, and shifted inputs; near misses:
    the swapped order, log_target confusion, a forgotten log, the wrong reduction."""
    p, q, v = pair(rng)
    P_, Q_ = D(p, v), D(q, v)
    kl, rev = KLDiv(P_, Q_, v), KLDiv(Q_, P_, v)

    def tk(inp: Node, tgt: Node, flag: bool = False, red: str = "sum") -> TorchKL:
        return TorchKL(inp, tgt, flag, red, (v,))
    k = rng.randrange(4)
    if k == 0:
        lhs = tk(log(Q_), P_)
        return ("kl_div(log q, p) = KL(p||q)", Stmt(lhs, "=", kl),
                [Stmt(lhs, "=", rev), Stmt(tk(log(Q_), P_, True), "=", kl),
                 Stmt(tk(Q_, P_), "=", kl), Stmt(tk(log(P_), Q_), "=", kl)], [])
    if k == 1:
        lhs = tk(log(Q_), log(P_), True)
        return ("kl_div log_target = KL(p||q)", Stmt(lhs, "=", kl),
                [Stmt(lhs, "=", rev), Stmt(tk(log(P_), log(Q_), True), "=", kl),
                 Stmt(lhs, "=", tk(log(Q_), P_, True))], [])
    if k == 2:
        lhs = tk(log(Q_), P_, False, "batchmean")
        return ("1-D batchmean = KL/|support|", Stmt(lhs, "=", Div(kl, Sum(v, ONE))),
                [Stmt(lhs, "=", kl), Stmt(lhs, "=", Div(rev, Sum(v, ONE))),
                 Stmt(tk(log(Q_), P_, False, "mean"), "=", kl)], [])
    a = rng.choice([z, h, c(2), Reward(x, y2), c(Fraction(-1, 3))])
    while v.name in mentions(a):  # the shift must not depend on the bound variable
        a = rng.choice([z, h, c(2), c(Fraction(-1, 3))])
    lhs = tk(add(log(Q_), a), P_)
    return ("kl_div(log q + a, p) = KL - a", Stmt(lhs, "=", sub(kl, a)),
            [Stmt(lhs, "=", add(kl, a)), Stmt(lhs, "=", kl),
             Stmt(tk(add(log(Q_), a), P_), ">=", ZERO)], [])


def _torch_reductions(rng: random.Random) -> Template:
    """A batch of rows over prompts: batchmean is the mean per-row KL, 'mean' that divided by
    |Y| as well, 'sum' the total; each is ≥ 0, and a forgotten log is not."""
    p, q = rng.choice([("pi", "pi_ref"), ("pi_ref", "pi"), ("pi_star", "pi_ref"),
                       ("pi", "pi_star")])
    P_, Q_ = D(p, y), D(q, y)
    kl, rev = KLDiv(P_, Q_, y), KLDiv(Q_, P_, y)
    nx, ny = Sum(x, ONE), Sum(y, ONE)

    def tk(inp: Node, tgt: Node, red: str) -> TorchKL:
        return TorchKL(inp, tgt, False, red, (x, y))
    k = rng.randrange(4)
    if k == 0:
        lhs = tk(log(Q_), P_, "batchmean")
        return ("batchmean = mean KL", Stmt(lhs, "=", Div(Sum(x, kl), nx)),
                [Stmt(tk(log(Q_), P_, "mean"), "=", Div(Sum(x, kl), nx)),
                 Stmt(tk(log(Q_), P_, "sum"), "=", Div(Sum(x, kl), nx)),
                 Stmt(lhs, "=", Div(Sum(x, rev), nx))], [])
    if k == 1:
        lhs = tk(log(Q_), P_, "mean")
        return ("mean = mean KL / |Y|", Stmt(lhs, "=", Div(Sum(x, kl), mul(nx, ny))),
                [Stmt(lhs, "=", Div(Sum(x, kl), nx)), Stmt(lhs, "=", Div(Sum(x, kl), ny))], [])
    if k == 2:
        lhs = tk(log(Q_), P_, "sum")
        return ("sum = total KL", Stmt(lhs, "=", Sum(x, kl)),
                [Stmt(lhs, "=", Sum(x, rev)), Stmt(lhs, "<=", Div(Sum(x, kl), nx))], [])
    red = rng.choice(["sum", "mean", "batchmean"])
    return ("kl_div >= 0", Stmt(tk(log(Q_), P_, red), ">=", ZERO),
            [Stmt(tk(log(Q_), P_, red), ">", ZERO), Stmt(tk(Q_, P_, red), ">=", ZERO)], [])


def _bits(rng: random.Random) -> Template:
    """Information in bits: Σ p log₂(p/q) = KL/log 2, −Σ p log₂ p = H/log 2, log₂ of a product
    and of 2; near misses: nats for bits, the factor log 2 multiplied, the order swapped."""
    p, q, v = pair(rng)
    P_, Q_ = D(p, v), D(q, v)
    l2 = log(c(2))
    k = rng.randrange(4)
    if k == 0:
        lhs, kl = Sum(v, mul(P_, Fn("log2", Div(P_, Q_)))), KLDiv(P_, Q_, v)
        return ("KL in bits", Stmt(lhs, "=", Div(kl, l2)),
                [Stmt(lhs, "=", kl), Stmt(lhs, "=", mul(kl, l2)),
                 Stmt(lhs, "=", Div(KLDiv(Q_, P_, v), l2))], [])
    if k == 1:
        lhs, hp = neg(Sum(v, mul(P_, Fn("log2", P_)))), Ent(P_, (v,))
        return ("H in bits", Stmt(lhs, "=", Div(hp, l2)),
                [Stmt(lhs, "=", hp), Stmt(lhs, "=", mul(hp, l2)), Stmt(lhs, "<", hp)], [])
    if k == 2:
        u, w = pos(rng), pos(rng)
        return ("log2(uv)", Stmt(Fn("log2", mul(u, w)), "=", add(Fn("log2", u), Fn("log2", w))),
                [Stmt(Fn("log2", mul(u, w)), "=", add(log(u), log(w))),
                 Stmt(Fn("log2", u), "=", mul(log(u), l2))], [])
    hp = Ent(P_, (v,))
    return ("H bits >= H nats", Stmt(Div(hp, l2), ">=", hp),
            [Stmt(Div(hp, l2), ">", hp), Stmt(Fn("log2", c(2)), "=", l2)], [])


def _zero_masses(rng: random.Random) -> Template:
    """Distributions that may have zeros (P0, Q0): 0 log 0 = 0, D_KL = +∞ without absolute
    continuity, H(P, Q) = H(P) + D(P‖Q) in the extended reals, Gibbs still holds."""
    p, q = rng.choice([("P0", "Q0"), ("Q0", "P0")])
    P0, Q0, P = Dist(p, (x,)), Dist(q, (x,)), Dist("P", (x,))
    kl, rev = KLDiv(P0, Q0, x), KLDiv(Q0, P0, x)
    ent, ce = Ent(P0, (x,)), CrossEnt(P0, Q0, x)
    inf = Infinity(1)
    choice = rng.randrange(6)
    if choice == 0:  # Gibbs, with zeros
        return ("zero-mass Gibbs", Stmt(kl, ">=", ZERO),
                [Stmt(kl, ">", ZERO), Stmt(kl, "<", inf), Stmt(kl, "=", rev),
                 Stmt(kl, "<=", c(rng.choice([1, 5, 50])))], [])
    if choice == 1:  # cross-entropy decomposition in the extended reals
        return ("zero-mass cross-entropy", Stmt(ce, "=", add(ent, kl)),
                [Stmt(ce, "=", sub(ent, kl)), Stmt(ce, "=", kl), Stmt(ce, "=", add(ent, rev)),
                 Stmt(ce, "<", inf)], [])
    if choice == 2:  # entropy with 0 log 0 = 0
        return ("zero-mass entropy", Stmt(ent, ">=", ZERO),
                [Stmt(ent, ">", ZERO), Stmt(ent, "<=", log(c(2))),
                 Stmt(ent, "=", neg(Sum(x, mul(P0, log(P0)))))], [])
    if choice == 3:  # absolute continuity: a full-support Q keeps D(P0‖Q) finite
        good, bad = KLDiv(P0, P, x), KLDiv(P, P0, x)
        return ("zero-mass absolute continuity", Stmt(good, "<", inf),
                [Stmt(bad, "<", inf), Stmt(good, "=", inf), Stmt(bad, "<=", good)], [])
    if choice == 4:  # the reverse KL is infinite only where P0 misses mass of Q0
        return ("zero-mass infinite KL", Stmt(kl, "<=", inf),
                [Stmt(kl, "=", inf), Stmt(rev, "<", inf), Stmt(kl, ">=", inf)], [])
    return ("zero-mass normalised", Stmt(Sum(x, P0), "=", ONE),
            [Stmt(Sum(x, P0), "=", c(Fraction(1, 2))), Stmt(ent, "=", ZERO)], [])


CONVENTION_TEMPLATES: list[Callable[[random.Random], Template]] = [
    _torch_kl_div, _torch_reductions, _bits]

ZERO_MASS_TEMPLATES: list[Callable[[random.Random], Template]] = [_zero_masses]

DERIVATIVE_TEMPLATES: list[Callable[[random.Random], Template]] = [
    _softplus_derivative, _chain_rule, _dpo_pair_gradient, _estimator_derivatives,
    _log_softmax, _constant_derivative,
]

from .limit_templates import LIMIT_TEMPLATES  # noqa: E402 - it builds on the helpers above

TEMPLATES: list[Callable[[random.Random], Template]] = [
    _kl, _gibbs, _entropy, _mutual, _linearity, _normalised, _optimal_policy, _bradley_terry,
    _sigmoid, _exp_log, _min_max, _k3, _gaussian, _self_kl, _rlhf, _policy_products, _dpo_loss,
    _kl_expectation,
] + DERIVATIVE_TEMPLATES + CONVENTION_TEMPLATES + GROUP_TEMPLATES + LIMIT_TEMPLATES \
    + ZERO_MASS_TEMPLATES + DATASET_TEMPLATES

__all__ = ["TEMPLATES", "GROUP_TEMPLATES", "DERIVATIVE_TEMPLATES", "CONVENTION_TEMPLATES",
           "LIMIT_TEMPLATES", "ZERO_MASS_TEMPLATES", "DATASET_TEMPLATES", "Template", "real",
           "pos", "coef", "mentions", "Mul"]
