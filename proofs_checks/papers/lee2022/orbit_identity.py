"""The orbit equation dφ/d ln r = φ sinφ/(g(φ) − π r^L): κ cancels."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import e1, g_fn, notes, random_w0
from .setup_flows import full_chain_rhs
from .setup_symbolic import ode_from_loss


def _evidence(ctx: Context):
    """The SymPy residual of the identity on the reduced ODE, and at random balanced states
    (d = 4, κ = 2.7) the rates φ̇, d ln r/dt from the full gradient with the identity's terms."""

    def run():
        import sympy as sp

        from symbolic import symbols as D

        rdot, phidot = ode_from_loss()
        g = sp.sin(D.phi) - D.phi * sp.cos(D.phi)
        claimed = D.phi * sp.sin(D.phi) / (g - sp.pi * D.r**D.depth)
        resid = sp.simplify(sp.together(phidot / (rdot / D.r) - claimed))
        sym_zero = resid == 0
        rng = ctx.rng("orbit")
        n = ctx.profile.n(60, minimum=20)
        d, kappa = 4, 2.7
        v = e1(d)
        rows = []
        for _ in range(n):
            L = int(rng.integers(1, 4))
            r = float(np.exp(rng.uniform(np.log(0.2), np.log(2.0))))
            th = float(rng.uniform(0.1, math.pi - 0.1))
            w = random_w0(rng, d, r, th)
            dw, _ = full_chain_rhs(w, np.full(L - 1, r), v, kappa)
            what = w / r
            rdot_n = float(what @ dw)
            e_perp = v - (v @ what) * what
            e_perp /= np.linalg.norm(e_perp)
            phidot_n = float(dw @ e_perp) / r  # θ̇ = −(ẇ·e⊥)/r, φ̇ = −θ̇
            phi = math.pi - th
            gg = float(g_fn(phi))
            rows.append((phidot_n, rdot_n / r, phi * math.sin(phi), gg - math.pi * r**L))
        return sym_zero, str(resid), np.array(rows)

    return ctx.shared("orbit", run)


def check(params, ctx: Context, *, kappa_factor: float) -> Evidence:
    sym_zero, resid, rows = _evidence(ctx)
    phidot, lrdot, num, den = rows.T
    # Cross-multiplied: φ̇ (g − π r^L) = c · φ sinφ · (d ln r/dt), relative to the terms'
    # size; c = 1 for the claim (κ cancels), c = κ for the twin.
    c = kappa_factor
    lhs, rhs = phidot * den, c * num * lrdot
    rel = np.abs(lhs - rhs) / np.maximum(np.abs(lhs) + np.abs(rhs), 1e-300)
    if not sym_zero and kappa_factor == 1.0:
        return Evidence.predicate(False, computed=resid, claimed="0",
                                  reason="sympy residual of the orbit identity is not 0")
    # 1e-10 relative; uncertainty ~500 eps of rounding in the gradient and the products
    return Evidence.agree(
        rel, 0.0, atol=1e-10, uncertainty=1e-13,
        reason="relative residual of the cross-multiplied identity at random states, "
               "d = 4, κ = 2.7, from the full gradient; allowed 1e-10, "
               "uncertainty ~ 500 eps of rounding in the gradient and products; sympy "
               f"residual of the reduced ODE: {'0' if sym_zero else resid}",
        detail={"sympy_residual_zero": bool(sym_zero)})


claim = paper.claim(
    "orbit_identity", where="orbit equation (reconstructed)",
    title="Orbit: dφ/d ln r = φ sinφ/(g(φ) − π r^L), independent of κ",
    statement="Along the balanced depth-L flow, dφ/d ln r = φ sinφ/(g(φ) − π r^L) for every κ.",
    source="R", method="ode", derivation="deep_chain_ode", settings={"kappa_factor": 1.0},
    notes=notes("Symbolic (sympy on the ODE differentiated from the loss) and numeric (full "
                "gradient at κ = 2.7) evidence; the numeric residual is the reported margin "
                "(docs/theory/lee2022.md, 'Orbit equation').", deep=True),
)(check)

claim.twin("kappa_scaled", title="dφ/d ln r = κ φ sinφ/(g − π r^L) (κ does not cancel)",
           kappa_factor=2.7)
