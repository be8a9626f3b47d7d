"""Erratum: eps1 with the printed constant c = 4 does not give eq. (29) through Lemma 3."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper


def eps1_ratio(c_value) -> object:
    """Lemma 3's max|f| bound at eps = eps1(c) over eq. (29)'s requirement, symbolically."""
    import sympy as sp

    m, mu, xmin, xmax, h, n, wmax, c = sp.symbols("m mu X_min X_max h n W_max c", positive=True)
    eps1 = m * sp.sqrt(mu) * xmin / (c * sp.sqrt(h) * n * xmax ** 2 * wmax ** 2)
    fbound = 2 * eps1 * sp.sqrt(h) * xmax * wmax ** 2  # Lemma 3
    need = m * sp.sqrt(mu) * xmin / (4 * n * xmax)  # eq. (29)
    return sp.simplify((fbound / need).subs(c, c_value))


def check(params, ctx: Context) -> Evidence:
    import sympy as sp

    r = eps1_ratio(sp.Integer(params["c"]))
    ok = bool(sp.simplify(r - 1) <= 0)  # exact: a rational number against 1
    return Evidence.predicate(ok, computed=str(r), claimed="<= 1", detail={"c": params["c"]},
                              reason=("symbolic ratio (Lemma 3 bound at eps = eps1(c)) / "
                                      "(eq. 29 requirement) = 8/c; exact"))


claim = paper.claim(
    "eps1_c4_reading", where="Theorem 1, eq. (28)-(29)",
    title="Erratum: eps1 with the printed c = 4 gives eq. (29) through Lemma 3",
    statement=("With eps <= eps1 = min{mu,zeta,xi} sqrt(mu) X_min/(4 sqrt(h) n X_max^2 W_max^2), "
               "Lemma 3's bound max|f| <= 2 eps sqrt(h) X_max W_max^2 implies eq. (29), max|f| <= "
               "min{mu,zeta,xi} sqrt(mu) X_min/(4 n X_max)."),
    latex=(r"c=4:\ 2\varepsilon_1\sqrt"
           r" hX_{\max}W_{\max}^2\le\frac{\min\{\mu,\zeta,\xi\}\sqrt\mu X_{\min}}{4nX_{\max}}"),
    common_assumptions=False, assumptions=("Lemma 3", "eq. (29) of the proof"),
    source="typo?", method="symbolic",
    cases=lambda p: [{"c": 4}],
    expected="refuted", finding=True, corrected_by="min2024.eps1_c8_reading",
    notes=("FINDING. The ratio is 8/c: c = 4 overshoots eq. (29) by a factor 2 (the chain needs "
           "c >= 8). Corrected: min2024.eps1_c8_reading. Both eps1 are astronomically larger than "
           "eps2, so the practical impact is nil, but the printed constant does not close the "
           "proof (docs/theory/min2024.md, 'Suspected typos')."),
)(check)

# the same computation on another constant: the twin changes the case, not a setting
claim.twin("c2", title="the same with c = 2",
           latex=r"c=2:\ 2\varepsilon_1\sqrt"
                 r" hX_{\max}W_{\max}^2\le\frac{\min\{\mu,\zeta,\xi\}\sqrt\mu X_{\min}}"
                 r"{4nX_{\max}}",
           check=check, cases=lambda p: [{"c": 2}])
