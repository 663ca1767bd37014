"""Tests for derive.notation.parser: every construct of the field's notation, exact trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive.notation import parse_math
from derive.notation.ast import (
    KL,
    Abs,
    Binding,
    BinOp,
    Call,
    Chain,
    Definition,
    Dot,
    Entropy,
    Expectation,
    Func,
    Link,
    MutualInfo,
    Name,
    Neg,
    Number,
    Opt,
    Pow,
    Preference,
    Prod,
    Sum,
    Tuple,
)
from derive.notation.parser import NotationError

SEEDS = Path(__file__).with_name("seed_formulas.txt")


def seed_formulas() -> list[str]:
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    return [s for s in lines if s.strip() and not s.startswith("#")]


N = Name
x, y, P, Q = N("x"), N("y"), N("P"), N("Q")
beta = N("beta")


def mul(a, b):
    return BinOp("*", a, b)


def div(a, b):
    return BinOp("/", a, b)


def pi(sub=None, sup=None, args=(y,), given=(x,)):
    return Call(N("pi", sub=sub, sup=sup), tuple(args), tuple(given))


def call(f, *args):
    return Call(N(f), tuple(args))


# ------------------------------------------------------------------ seeds
@pytest.mark.parametrize("formula", seed_formulas())
def test_every_seed_formula_parses(formula: str) -> None:
    parse_math(formula)


def test_seed_list_is_not_empty() -> None:
    assert len(seed_formulas()) >= 40


# ------------------------------------------------------------------ names
@pytest.mark.parametrize(
    "src, expected",
    [
        (r"\pi_{ref}", N("pi", sub="ref")),
        (r"\pi_{\text{ref}}", N("pi", sub="ref")),
        (r"\pi_{\mathrm{ref}}", N("pi", sub="ref")),
        (r"\pi^{\text{SFT}}", N("pi", sup="SFT")),
        (r"\pi^*", N("pi", sup="*")),
        (r"\pi^{*}", N("pi", sup="*")),
        (r"\pi^\star", N("pi", sup="*")),
        (r"\pi_\theta", N("pi", sub="theta")),
        (r"\hat{A}_{i,t}", N("A", sub="i,t", accent="hat")),
        (r"y_w", N("y", sub="w")),
        (r"\theta_{old}", N("theta", sub="old")),
        (r"\mathcal{L}_{DPO}", N("L", sub="DPO", font="mathcal")),
        (r"r_\phi", N("r", sub="phi")),
        (r"J_{GRPO}", N("J", sub="GRPO")),
        (r"\epsilon", N("epsilon")),
        (r"\varepsilon", N("varepsilon")),
        (r"\text{reward}", N("reward")),
        (r"\text{optimization objective}", N("optimization objective")),
        (r"y'", N("y", sup="'")),
        (r"\pi_{\theta_{old}}", N("pi", sub="theta_old")),
        (r"\mathcal X", N("X", font="mathcal")),
        (r"\pi^{*}_{\theta}", N("pi", sub="theta", sup="*")),
    ],
)
def test_names(src, expected) -> None:
    assert parse_math(src) == expected


# ------------------------------------------------------------------ calls
@pytest.mark.parametrize(
    "src",
    [r"\pi(y|x)", r"\pi(y\mid x)", r"\pi(y \,|\, x)", r"\pi\left(y \middle| x\right)"],
)
def test_conditional_policy(src: str) -> None:
    assert parse_math(src) == pi()


def test_calls() -> None:
    assert parse_math(r"\pi(\cdot|x)") == pi(args=(Dot(),))
    assert parse_math("r(x,y)") == call("r", x, y)
    assert parse_math(r"\sigma(z)") == call("sigma", N("z"))
    assert parse_math(r"J(\pi)") == call("J", N("pi"))
    assert parse_math(r"\pi_\theta(y|x)") == pi(sub="theta")
    assert parse_math(r"\pi^*(y|x)") == pi(sup="*")
    assert parse_math(r"\sigma(\cdot)") == Call(N("sigma"), (Dot(),))


def test_scalar_greek_before_paren_is_a_product() -> None:
    assert parse_math(r"\beta(a-b)") == mul(beta, BinOp("-", N("a"), N("b")))


def test_entropy_mutual_info_preference() -> None:
    assert parse_math("H(P)") == Entropy((P,))
    assert parse_math("H(P,Q)") == Entropy((P, Q))
    assert parse_math("H(X|Y)") == Entropy((N("X"),), (N("Y"),))
    assert parse_math("H(X,Y)") == Entropy((N("X"), N("Y")))
    assert parse_math("I(X;Y)") == MutualInfo(N("X"), N("Y"))
    assert parse_math(r"I(X;Y \mid Z)") == MutualInfo(N("X"), N("Y"), (N("Z"),))
    yw, yl = N("y", sub="w"), N("y", sub="l")
    assert parse_math(r"p(y_w \succ y_l | x)") == Preference(N("p"), yw, yl, (x,))
    assert parse_math(r"p^*(y_w \succ y_l | x)") == Preference(N("p", sup="*"), yw, yl, (x,))
    assert parse_math(r"P(y_1 \succ y_2 \mid x)") == Preference(
        P, N("y", sub="1"), N("y", sub="2"), (x,)
    )


# ------------------------------------------------------------------ KL
KL_PQ = KL(P, Q)


@pytest.mark.parametrize(
    "src",
    [
        r"D_{KL}(P\|Q)",
        r"D_{\mathrm{KL}}(P \parallel Q)",
        r"\mathrm{KL}(P||Q)",
        r"D_{\text{KL}}(P\|Q)",
        r"\mathbb{D}_{KL}[P || Q]",
        r"\mathrm{KL}[P, Q]",
        r"\mathrm{D}_{\mathrm{KL}}[P \mid\mid Q]",
        r"D_{KL}(P|Q)",
        r"D_{KL}\left(P \,\|\, Q\right)",
    ],
)
def test_kl_forms(src: str) -> None:
    assert parse_math(src) == KL_PQ


def test_kl_of_policies() -> None:
    src = r"\mathrm{D}_{\mathrm{KL}}[\pi_\theta(y \mid x) \mid\mid \pi^{\text{SFT}}(y \mid x)]"
    got = parse_math(src)
    assert got == KL(pi(sub="theta"), pi(sup="SFT"))
    assert parse_math(r"D_{KL}(\pi\|\pi_{ref})") == KL(N("pi"), N("pi", sub="ref"))
    assert parse_math(r"\mathrm{KL}[\pi_{old}, \pi_\theta]") == KL(
        N("pi", sub="old"), N("pi", sub="theta")
    )


def test_bare_kl_symbol_is_a_name() -> None:
    assert parse_math(r"- \beta D_{KL}") == Neg(mul(beta, N("D", sub="KL")))


# ------------------------------------------------------------------ arithmetic and precedence
def test_frac_variants() -> None:
    for src in (r"\frac{a}{b}", r"\tfrac{a}{b}", r"\dfrac{a}{b}", "a/b"):
        assert parse_math(src) == div(N("a"), N("b"))
    assert parse_math(r"\frac12") == div(Number("1"), Number("2"))


def test_parenless_log_takes_one_factor() -> None:
    assert parse_math(r"\log P(x)") == Func("log", (call("P", x),))
    assert parse_math(r"\log \frac{a}{b}") == Func("log", (div(N("a"), N("b")),))
    assert parse_math(r"\beta\log\pi_\theta(y|x) - 1") == BinOp(
        "-", mul(beta, Func("log", (pi(sub="theta"),))), Number("1")
    )
    assert parse_math(r"P(x)\log P(x)") == mul(call("P", x), Func("log", (call("P", x),)))
    assert parse_math(r"\log P(x) Q(x)") == mul(Func("log", (call("P", x),)), call("Q", x))
    assert parse_math(r"\log(a + b)") == Func("log", (BinOp("+", N("a"), N("b")),))
    assert parse_math(r"\log_2 x") == Func("log2", (x,))
    assert parse_math(r"\ln x") == Func("ln", (x,))


def test_exp_forms() -> None:
    arg = div(call("r", x, y), beta)
    assert parse_math(r"\exp(r(x,y)/\beta)") == Func("exp", (arg,))
    assert parse_math(r"e^{r(x,y)/\beta}") == Func("exp", (arg,))
    assert parse_math(r"e^{-z}") == Func("exp", (Neg(N("z")),))


def test_implicit_multiplication() -> None:
    assert parse_math("2x") == mul(Number("2"), x)
    assert parse_math(r"a \cdot b") == mul(N("a"), N("b"))
    assert parse_math(r"a \times b") == mul(N("a"), N("b"))
    assert parse_math(r"\beta\,\log Z(x)") == mul(beta, Func("log", (call("Z", x),)))
    assert parse_math("a b c") == mul(mul(N("a"), N("b")), N("c"))
    with pytest.raises(NotationError, match="one-letter names side by side"):
        parse_math("abc")  # a word, not a product: never guessed


def test_powers_and_negation() -> None:
    assert parse_math("x^2") == Pow(x, Number("2"))
    assert parse_math(r"\sigma(z)^2") == Pow(call("sigma", N("z")), Number("2"))
    assert parse_math("-a b") == Neg(mul(N("a"), N("b")))


def test_min_max_clip_sgn_functions() -> None:
    a, b = N("a"), N("b")
    assert parse_math(r"\min(a, b)") == Func("min", (a, b))
    assert parse_math(r"\max\left(a,b\right)") == Func("max", (a, b))
    eps = N("epsilon")
    clip = Func("clip", (N("r"), BinOp("-", Number("1"), eps), BinOp("+", Number("1"), eps)))
    for src in (r"\mathrm{clip}(r, 1-\epsilon, 1+\epsilon)",
                r"\text{clip}\left(r, 1 - \epsilon, 1 + \epsilon\right)",
                r"\operatorname{clip}(r, 1-\epsilon, 1+\epsilon)"):
        assert parse_math(src) == clip
    assert parse_math(r"\operatorname{sgn}(x)") == Func("sgn", (x,))


# ------------------------------------------------------------------ binders
def test_sum_body_extent() -> None:
    got = parse_math(r"\sum_x P(x)\log P(x) - \sum_x Q(x)")
    bx = (Binding(x),)
    assert got == BinOp(
        "-",
        Sum(bx, mul(call("P", x), Func("log", (call("P", x),)))),
        Sum(bx, call("Q", x)),
    )
    # a product before the sum multiplies the whole sum
    g = parse_math(r"\frac{1}{G}\sum_{i=1}^{G} a_i")
    assert g == mul(div(Number("1"), N("G")),
                    Sum((Binding(N("i"), lower=Number("1"), upper=N("G")),), N("a", sub="i")))
    # closing bracket ends the body
    assert parse_math(r"(\sum_x a) b") == mul(Sum(bx, N("a")), N("b"))


def test_sum_bindings() -> None:
    X = N("X", font="mathcal")
    assert parse_math(r"\sum_{x\in\mathcal{X}} x").bindings == (Binding(x, domain=X),)
    assert parse_math(r"\sum_{x,y} x").bindings == (Binding(x), Binding(y))
    assert parse_math(r"\sum_{y'} y").bindings == (Binding(N("y", sup="'")),)
    oi = Abs(N("o", sub="i"))
    assert parse_math(r"\sum_{t=1}^{|o_i|} t").bindings == (
        Binding(N("t"), lower=Number("1"), upper=oi),
    )
    assert parse_math(r"\prod_i p_i") == Prod((Binding(N("i")),), N("p", sub="i"))
    assert parse_math(r"\sum\limits_{x} x") == Sum((Binding(x),), x)


def test_expectations() -> None:
    body = Func("log", (div(call("P", x), call("Q", x)),))
    assert parse_math(r"\mathbb{E}_{x\sim P}[\log\frac{P(x)}{Q(x)}]") == Expectation(
        (Binding(x, dist=P),), body
    )
    got = parse_math(r"\mathbb E_{y\sim\pi(\cdot|x)}\left[ r(x,y) \right]")
    assert got == Expectation((Binding(y, dist=pi(args=(Dot(),))),), call("r", x, y))
    got = parse_math(r"\mathbb{E}_{x \sim D,\, y \sim \pi_\theta(y \mid x)}[r(x,y)]")
    assert got.bindings == (Binding(x, dist=N("D")), Binding(y, dist=pi(sub="theta")))
    assert parse_math(r"\mathbb{E}[X]") == Expectation((), N("X"))
    assert parse_math(r"\mathbb{E}_{\pi}[r]") == Expectation((Binding(None, dist=N("pi")),), N("r"))
    assert parse_math(r"\hat{\mathbb{E}}_t[A]") == Expectation(
        (Binding(None, dist=N("t")),), N("A"), hat=True
    )
    got = parse_math(r"\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[x]")
    assert got.bindings[0].var == Tuple((x, N("y", sub="w"), N("y", sub="l")))
    assert got.bindings[0].dist == N("D", font="mathcal")
    assert parse_math(r"\mathbb{E}[\,\cdot\,]") == Expectation((), Dot())


def test_argmax_takes_rest_of_side() -> None:
    src = r"\arg\max_\pi\; \mathbb{E}_{y\sim\pi}[r] - \beta D_{KL}(\pi\|\pi_{ref}) = c"
    got = parse_math(src)
    E = Expectation((Binding(y, dist=N("pi")),), N("r"))
    body = BinOp("-", E, mul(beta, KL(N("pi"), N("pi", sub="ref"))))
    assert got == Chain(Opt("argmax", N("pi"), body), (Link("=", N("c")),))


@pytest.mark.parametrize(
    "src, kind",
    [
        (r"\arg\min_v f", "argmin"),
        (r"\operatorname{arg\,max}_v f", "argmax"),
        (r"\operatorname*{argmax}_v f", "argmax"),
        (r"\mathop{\mathrm{arg\,min}}_v f", "argmin"),
        (r"\min_{v} f", "min"),
        (r"\max_v f", "max"),
    ],
)
def test_optimizer_forms(src: str, kind: str) -> None:
    assert parse_math(src) == Opt(kind, N("v"), N("f"))


def test_min_over_policy() -> None:
    got = parse_math(r"\min_{\pi_\theta} a + b")
    assert got == Opt("min", N("pi", sub="theta"), BinOp("+", N("a"), N("b")))


# ------------------------------------------------------------------ bars, groups, tuples
def test_abs_versus_given_bar() -> None:
    oi = N("o", sub="i")
    assert parse_math(r"\frac{1}{|o_i|}") == div(Number("1"), Abs(oi))
    assert parse_math(r"\left| x \right|") == Abs(x)
    assert parse_math(r"|\pi(y|x)|") == Abs(pi())
    assert parse_math(r"x \left| y \right|") == mul(x, Abs(y))


def test_brackets_are_grouping_only() -> None:
    a_b = BinOp("+", N("a"), N("b"))
    for src in ("(a+b)", "[a+b]", r"\{a+b\}", r"\left(a+b\right)", r"\bigl(a+b\bigr)",
                r"\Big[a+b\Big]", r"\big(a+b\big)", "{a+b}"):
        assert parse_math(src) == a_b, src


def test_tuple_and_spacing() -> None:
    assert parse_math("(0.9, 0.1)") == Tuple((Number("0.9"), Number("0.1")))
    assert parse_math(r"\displaystyle a \quad + \qquad b \; ~ \! .") == BinOp("+", N("a"), N("b"))


# ------------------------------------------------------------------ relations and definitions
def test_relations_normalized() -> None:
    got = parse_math(r"a = b \le c \leq d \leqslant e \ge f \geq g < h > i \propto j \approx k "
                     r"\neq l \geqslant m")
    assert [lk.relation for lk in got.links] == [
        "=", "<=", "<=", "<=", ">=", ">=", "<", ">", "propto", "approx", "!=", ">="
    ]


def test_definitions() -> None:
    Z = call("Z", x)
    for op in (":=", r"\coloneqq", r"\triangleq", r"\stackrel{\text{def}}{=}",
               r"\overset{\text{def}}{=}"):
        assert parse_math(f"Z(x) {op} 1") == Definition(Z, Number("1")), op
    got = parse_math(r"Z(x) := \sum_y \pi_{ref}(y|x)\exp(r(x,y)/\beta)")
    assert got.value == Sum(
        (Binding(y),), mul(pi(sub="ref"), Func("exp", (div(call("r", x, y), beta),)))
    )
    assert parse_math("P := (0.9, 0.1)") == Definition(P, Tuple((Number("0.9"), Number("0.1"))))
    got = parse_math(r"\pi^*(y|x) := \pi_{ref}(y|x)\exp(r(x,y)/\beta)/Z(x)")
    assert got.target == pi(sup="*")
    assert got.value.op == "/" and got.value.right == Z


def test_labelled_equals_is_equality() -> None:
    assert parse_math(r"a \overset{(a)}{=} b").links[0].relation == "="


# ------------------------------------------------------------------ positions
def test_positions_are_document_coordinates() -> None:
    got = parse_math(r"D_{KL}(P\|Q) = H(P,Q)", line=3, column=10)
    assert (got.line, got.column) == (3, 10)
    assert (got.links[0].line, got.links[0].column) == (3, 25)
    assert (got.first.q.line, got.first.q.column) == (3, 20)
    two = parse_math("a\n  = b", line=5, column=4)
    assert (two.links[0].line, two.links[0].column) == (6, 5)


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    "src, col, words",
    [
        (r"\frac{a}{", 9, "never closed"),
        (r"D_{KL}(P\|", 7, "never closed"),
        (r"\left( x", 1, "never closed"),
        ("a = = b", 5, "unexpected '='"),
        (r"a \right)", 3, "unbalanced"),
        (r"\foo x", 1, "unknown command"),
        ("", 1, "empty"),
    ],
)
def test_errors_carry_positions(src: str, col: int, words: str) -> None:
    with pytest.raises(NotationError) as info:
        parse_math(src, line=4, column=1)
    err = info.value
    assert (err.line, err.column) == (4, col)
    assert words in err.message
    assert "\n" not in str(err)


def test_error_offset_by_start_column() -> None:
    with pytest.raises(NotationError) as info:
        parse_math("a = = b", line=2, column=11)
    assert (info.value.line, info.value.column) == (2, 15)


def test_a_preference_written_with_greater_than_between_responses() -> None:
    node = parse_math(r"P(y_1 > y_2 \mid x)")
    assert isinstance(node, Preference)
    assert (node.winner.sub, node.loser.sub) == ("1", "2")
    assert parse_math(r"P(y_c \gt y_r)").winner.sub == "c"


@pytest.mark.parametrize("src", [r"P(X > 0)", r"P(y_1 \le y_2)", r"H(X \mid Y = 0)"])
def test_an_event_inside_a_call_is_unsupported_not_misread(src: str) -> None:
    with pytest.raises(NotationError, match="an event inside a call"):
        parse_math(src)


def test_a_plain_e_with_a_sampling_subscript_is_an_expectation() -> None:
    # d2l: H(X) = - E_{x \sim P} [\log p(x)]
    assert parse_math(r"E_{x \sim P} [\log p(x)]") == \
        parse_math(r"\mathbb{E}_{x \sim P}[\log p(x)]")
    assert parse_math("E_{x}").base == "E"  # without \sim it stays a name


def test_ce_of_two_distributions_is_the_cross_entropy() -> None:
    assert parse_math(r"\textrm{CE}(P, Q)") == parse_math("H(P, Q)")
    assert isinstance(parse_math(r"\mathrm{CE}(X, Y)"), Call)  # never a joint entropy
