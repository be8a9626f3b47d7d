"""Activations the Gaussian deriver understands: piecewise polynomials with one breakpoint at 0,
and erf.

A piecewise-polynomial activation is σ(z) = P₋(z) for z < 0 and P₊(z) for z > 0, with P±
polynomials in z (coefficients may be symbols). Why one breakpoint, at 0: then every region
where σ(u·x) and σ(v·x) are single polynomials is a wedge of the (u, v) plane with its apex at
the origin, so the Gaussian expectation factorises into an angular integral between kink angles
and a radial moment ∫₀^∞ ρ^{n+1} e^{−ρ²/2} dρ = 2^{n/2} Γ(n/2 + 1), both exact. A breakpoint c ≠
0 cuts the plane along a line that misses the origin; the expectation then involves the
bivariate normal distribution function (Owen's T), which has no closed form in elementary
functions, so such a breakpoint is refused rather than approximated.

Names for the command line and ``derive(..., activation=...)``: ``relu``, ``leaky_relu:α``,
``relu_power:p`` (ReLU^p, integer p ≥ 0), ``abs``, ``step``, ``linear``, ``erf``, and
``piecewise:P₋;P₊`` (two polynomials in z, e.g. ``piecewise:0.1*z;z + z**2``). A parameter that is
not a number becomes a real symbol (``leaky_relu:alpha``).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Activation", "activation", "activation_names"]

z = sp.Symbol("z", real=True)


@dataclass(frozen=True)
class Activation:
    """σ(z): ``negative`` and ``positive`` are the polynomial pieces (``kind == "piecewise"``),
    or ``kind == "erf"`` for σ = erf."""

    name: str
    negative: sp.Expr = sp.S.Zero
    positive: sp.Expr = sp.S.Zero
    kind: str = "piecewise"

    def __post_init__(self) -> None:
        if self.kind not in ("piecewise", "erf"):
            raise ValueError(f"kind must be 'piecewise' or 'erf', got {self.kind!r}")
        if self.kind == "piecewise":
            for side in ("negative", "positive"):
                piece = sp.sympify(getattr(self, side))
                object.__setattr__(self, side, piece)
                if not piece.is_polynomial(z):
                    raise ValueError(f"the {side} piece of {self.name!r} must be a polynomial "
                                     f"in z, got {piece}")

    # -- what the deriver reads -----------------------------------------------------------------
    def coefficients(self, side: int) -> list[sp.Expr]:
        """[c₀, c₁, …] of the piece on the side ``side`` (+1 or −1): P(z) = Σ cᵢ zⁱ."""
        piece = self.positive if side > 0 else self.negative
        poly = sp.Poly(sp.expand(piece), z)
        return list(reversed(poly.all_coeffs())) if not piece.is_zero else [sp.S.Zero]

    def derivative(self) -> Activation:
        """σ' almost everywhere (the pieces differentiated; no Dirac mass at a jump)."""
        if self.kind == "erf":
            raise ValueError("erf's derivative is not piecewise polynomial")
        return Activation(f"{self.name}'", sp.diff(self.negative, z), sp.diff(self.positive, z))

    @property
    def degree(self):
        """The common degree n of every monomial of both pieces (σ positively homogeneous of
        degree n), or None (mixed degrees, or erf)."""
        if self.kind == "erf":
            return None
        degrees = {i for side in (-1, 1) for i, c in enumerate(self.coefficients(side))
                   if c != 0}
        return degrees.pop() if len(degrees) == 1 else (0 if not degrees else None)

    @property
    def continuous(self) -> bool:
        """σ continuous at 0 (then ∇_u E[σ(u·x)ψ(v·x)] = E[σ'(u·x) x ψ(v·x)])."""
        if self.kind == "erf":
            return True
        return sp.simplify(self.negative.subs(z, 0) - self.positive.subs(z, 0)) == 0

    def expr(self) -> sp.Expr:
        """σ(z) as one SymPy expression, for display and for numerical references."""
        if self.kind == "erf":
            return sp.erf(z)
        return sp.Piecewise((self.negative, z < 0), (self.positive, True))

    def latex(self) -> str:
        return sp.latex(self.expr())

    def reference(self):
        """This activation for the mpmath references: ``numeric.PiecewisePolynomial`` with
        exact rational coefficients, or ``"erf"``. Symbolic coefficients must be given values
        first."""
        if self.kind == "erf":
            return "erf"
        from fractions import Fraction

        from numeric import PiecewisePolynomial

        def exact(cs):
            out = []
            for c in cs:
                if c.free_symbols:
                    raise ValueError(f"{self.name!r} has symbolic coefficients "
                                     f"{sorted(map(str, c.free_symbols))}: give them values")
                # rationals exactly; floats and irrationals to 60 digits (a float's own value)
                out.append(Fraction(str(c)) if c.is_Rational else Fraction(str(sp.N(c, 60))))
            return tuple(out)

        return PiecewisePolynomial(exact(self.coefficients(-1)), exact(self.coefficients(1)))

    def __add__(self, other: Activation) -> Activation:
        if not isinstance(other, Activation):
            return NotImplemented
        if "erf" in (self.kind, other.kind):
            raise ValueError("erf cannot be combined with other activations")
        return Activation(f"{self.name}+{other.name}", self.negative + other.negative,
                          self.positive + other.positive)

    def __rmul__(self, c) -> Activation:
        if self.kind == "erf":
            raise ValueError("a multiple of erf is not supported; use erf itself")
        c = sp.sympify(c)
        return Activation(f"{c}*{self.name}", c * self.negative, c * self.positive)


def _param(spec: str, text: str, *, integer: bool = False):
    try:
        value = sp.Rational(text) if not integer else sp.Integer(int(text))
    except (TypeError, ValueError):
        if integer:
            raise ValueError(f"{spec!r}: the power must be an integer >= 0, got {text!r}"
                             ) from None
        if not text.isidentifier():
            raise ValueError(f"{spec!r}: the parameter must be a number or a symbol name, got "
                             f"{text!r}") from None
        return sp.Symbol(text, real=True)
    return value


def _piecewise(spec: str, body: str) -> Activation:
    parts = body.split(";")
    if len(parts) != 2:
        raise ValueError(f"{spec!r}: write piecewise:NEGATIVE;POSITIVE, two polynomials in z")
    pieces = []
    for text in parts:
        try:
            expr = sp.sympify(text, locals={"z": z}, rational=True)
        except (sp.SympifyError, SyntaxError, TypeError) as exc:
            raise ValueError(f"{spec!r}: cannot read {text!r} as a polynomial in z") from exc
        pieces.append(expr)
    return Activation(spec, pieces[0], pieces[1])


_SIMPLE = {
    "relu": lambda: Activation("relu", sp.S.Zero, z),
    "abs": lambda: Activation("abs", -z, z),
    "step": lambda: Activation("step", sp.S.Zero, sp.S.One),
    "linear": lambda: Activation("linear", z, z),
    "erf": lambda: Activation("erf", kind="erf"),
}
_PARAMETRISED = ("leaky_relu", "relu_power", "piecewise")


def activation_names() -> list[str]:
    """The accepted names (``name`` or ``name:parameter``)."""
    return [*_SIMPLE, "leaky_relu:ALPHA", "relu_power:P", "piecewise:NEG;POS"]


def activation(spec: str | Activation) -> Activation:
    """The activation named by ``spec`` (see the module docstring); an Activation passes."""
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"activation must be a name or an Activation, got {spec!r}; "
                         f"choose from {', '.join(activation_names())}")
    name, sep, param = spec.strip().partition(":")
    if name in _SIMPLE:
        if sep:
            raise ValueError(f"activation {name!r} takes no parameter, got {spec!r}")
        return _SIMPLE[name]()
    if name not in _PARAMETRISED:
        raise ValueError(f"unknown activation {spec!r}; choose from "
                         f"{', '.join(activation_names())}")
    if not param:
        raise ValueError(f"activation {name!r} needs a parameter: {name}:VALUE")
    if name == "piecewise":
        return _piecewise(spec, param)
    if name == "leaky_relu":
        alpha = _param(spec, param)
        return Activation(spec, alpha * z, z)
    p = _param(spec, param, integer=True)
    if p < 0:
        raise ValueError(f"{spec!r}: the power must be an integer >= 0")
    return Activation(spec, sp.S.Zero, z**p)
