"""Piecewise-smooth right-hand sides as a Filippov / Clarke differential inclusion.

A :class:`PiecewiseSmooth` system is ẏ ∈ {F(t, y, λ) : λ ∈ Λ(y)} where each switching surface
k = 1..m is {z_k(t, y) = 0}, ``λ_k = 1`` on its positive side (z_k > 0), ``λ_k = 0`` on its
negative side, and F is affine in each λ_k. For the gradient flow of a ReLU network on finite
data, surface k is a pre-activation <w_j, x_i> = 0 and λ_k is the value of σ'(0) ∈ [0, 1] that
the Clarke subdifferential allows there (leaky ReLU: σ' = α + (1 − α)λ); the set of all such
F is the Clarke set −∂L(y) given by the chain rule.

Convention (what reluflow integrates), event-driven in the manner of Piiroinen & Kuznetsov
(ACM TOMS 34, 2008):

* **Crossing.** Between events each surface has a mode: +1, −1 (λ fixed at 1 or 0, a smooth
  field) or 0 (sliding). A sign change of z_k against its mode is located on the dense output
  and the step is cut there.
* **Classification on a surface.** With the surfaces met (and those already sliding) free and
  the others fixed, the multipliers solve Filippov's box-constrained complementarity problem
  (ż affine in λ: ż_S = a + M λ): ż_k = 0 where 0 < λ_k < 1, ż_k ≤ 0 at λ_k = 0, ż_k ≥ 0 at
  λ_k = 1. A surface whose rate vanishes there (to rounding) *slides*: the convex combination
  that keeps z_k = 0; one whose rate is non-zero at its bound is crossed or left in the
  direction of that rate. This
  covers the fields pointing into the surface from both sides (interior λ) and the case where
  one side points in and the other is tangent or zero (λ at a bound with ż = 0, as with
  σ'(0) = 0 on orthogonal data: the "frozen pair").
* **Minimal norm.** For a ReLU network ∂F/∂λ_k is parallel to the surface normal, so the
  stationarity of ‖F(λ)‖² in λ_k is exactly ż_k = 0: the sliding field is the minimal-norm
  element of the Clarke set, which is what the gradient flow of a definable locally Lipschitz
  loss follows for almost every t (Davis, Drusvyatskiy, Kakade & Lee 2020; Bolte et al. 2007).
* **Repelling surfaces.** Where both one-sided fields point strictly away (interior λ with
  ∂ż_k/∂λ_k > 0) the solution is not unique; reluflow leaves to the side of the larger |F|,
  the steepest of the one-sided descents (a curve of maximal slope). A tangent side is never
  treated as repelling: the minimal-norm element stays on the surface.
* **Exit.** A sliding mode is left when the unconstrained multiplier of its surface leaves
  [0, 1] (detected once it is ``EXIT_SLACK`` outside, then located back to the bound on the
  dense output); the surface then takes the side the multiplier left through, and the other
  sliding surfaces are re-classified there.

For surfaces linear in y (all of reluflow's) the sliding field keeps ż_S = 0 in every stage,
so z_S stays at its entry value (a few ulps) without projection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._events import root_in_step
from ._solution import Solution, SwitchLog
from ._tableau import P, dense

_EPS = np.finfo(float).eps
#: |z| within this fraction of z's natural size counts as "on the surface" (rounding level)
SURFACE_BAND = 1e3 * _EPS
#: a rate below this fraction of its natural size counts as zero (tangent)
RATE_TOL = 1e-10
#: a sliding multiplier must leave [0, 1] by this much before an exit is located
EXIT_SLACK = 1e-6


@dataclass(frozen=True)
class PiecewiseSmooth:
    """A piecewise-smooth system for :func:`numeric.ode.solve`.

    **Arguments:**

    * ``field(t, y, idx, lam) -> F`` (b, n): the vector field with multipliers ``lam`` (b, m)
      in [0, 1], affine in each; ``idx`` are the batch rows.
    * ``surfaces(t, y, idx) -> (z, scale)`` (b, m) each: switching functions and their natural
      size (e.g. ‖x_i‖‖w_j‖), used for rounding-level bands.
    * ``rates(t, y, F, idx) -> (zdot, scale)`` (b, m): dz/dt along F and a bound on its size.
    * ``rate_jacobian(t, y, idx, lam, S) -> M`` (b, s, s), optional: ∂ż_{S_p}/∂λ_{S_q} for the
      padded surface lists ``S`` (b, s) (−1 = padding, rows/columns ignored). Without it the
      columns are probed with one field evaluation each.
    * ``n_surfaces``: m.
    * ``linearize(t, y, idx, lam0, S) -> (F0, a, scale, M, update)``, optional, the fast
      path: F(λ0), the rates ż_S and their sizes (b, s), ∂ż_S/∂λ_S (b, s, s) in one pass, and
      ``update(lam_S) -> F`` (or None) giving the field at the solved multipliers without a
      second field evaluation.
    * ``affine_surfaces``: z is affine in y and does not depend on t (as ⟨x_i, w_j⟩ is for a
      ReLU network); crossings are then located on z's polynomial along the dense output
      (one surfaces call per located step instead of one per root iteration).
    """

    field: Callable[..., np.ndarray]
    surfaces: Callable[..., tuple[np.ndarray, np.ndarray]]
    rates: Callable[..., tuple[np.ndarray, np.ndarray]]
    n_surfaces: int
    rate_jacobian: Callable[..., np.ndarray] | None = None
    linearize: Callable[..., tuple] | None = None
    affine_surfaces: bool = False

    def bind(self) -> _FilippovTerm:
        return _FilippovTerm(self)


@dataclass
class _Multipliers:
    """A solved set of Filippov multipliers: ``lam`` (b, m), ``lam_u`` (b, m) the
    unconstrained solution on the free surfaces (NaN elsewhere); ``leaving`` (b, m) the free
    surfaces held at a bound with a rate pointing away; on the padded lists ``S`` (b, s):
    ``rate`` ż at the solution, ``tau`` its rounding threshold, ``M`` the rate Jacobian;
    ``F`` the field."""

    lam: np.ndarray
    lam_u: np.ndarray
    leaving: np.ndarray
    rate: np.ndarray
    tau: np.ndarray
    M: np.ndarray
    S: np.ndarray
    F: np.ndarray


def _decoupled(M: np.ndarray, diag: np.ndarray) -> bool:
    """Whether every rate Jacobian (b, s, s) is diagonal up to the rounding of its entries:
    off-diagonal entries of at most 8 ε times the largest diagonal one of their row (a Gram
    matrix of orthogonal inputs computed in float64 has such entries). Dropping them moves
    the multipliers by that relative amount, the rounding level the SVD route has anyway."""
    off = np.abs(M - diag[:, :, None] * np.eye(M.shape[1])[None])
    return bool(np.all(off <= 8.0 * _EPS * np.max(np.abs(diag), axis=1)[:, None, None]))


def _pad(mask: np.ndarray) -> np.ndarray:
    """Padded index lists (b, s) of the True entries of each row (−1 = padding)."""
    counts = mask.sum(axis=1)
    s = max(int(counts.max(initial=0)), 1)
    out = np.full((mask.shape[0], s), -1, dtype=int)
    r, c = np.nonzero(mask)
    pos = np.arange(r.size) - np.repeat(np.cumsum(counts) - counts, counts)
    out[r, pos] = c
    return out


class _FilippovTerm:
    """Runtime state of one integration: modes, multipliers, pending switches, the log."""

    def __init__(self, system: PiecewiseSmooth) -> None:
        self.sys = system
        self.m = int(system.n_surfaces)
        self.modes: np.ndarray | None = None
        self.lam: np.ndarray | None = None
        self.pending: dict[int, list[tuple[int, int]]] = {}
        # the unconstrained multipliers of the last field evaluation, by row: the FSAL stage is
        # evaluated at the step's end, which is where locate() needs them
        self._last_u: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.log: list[tuple] = []

    # -- the multipliers of the sliding surfaces --------------------------------------------
    def _jacobian(self, t, y, idx, lam0, S):
        if self.sys.rate_jacobian is not None:
            return np.asarray(self.sys.rate_jacobian(t, y, idx, lam0, S), dtype=float)
        b, s = S.shape
        rows = np.arange(b)
        valid = S >= 0
        Sc = np.where(valid, S, 0)
        F0 = self.sys.field(t, y, idx, lam0)
        a = self.sys.rates(t, y, F0, idx)[0][rows[:, None], Sc]
        M = np.zeros((b, s, s))
        for c in range(s):
            lam_c = lam0.copy()
            ok = valid[:, c]
            lam_c[rows[ok], S[ok, c]] = 1.0
            zc = self.sys.rates(t, y, self.sys.field(t, y, idx, lam_c), idx)[0]
            M[:, :, c] = np.where(ok[:, None], zc[rows[:, None], Sc] - a, 0.0)
        return M

    def solve_multipliers(self, t, y, idx, lam_fixed, free, *, exact: bool = False,
                          start: np.ndarray | None = None, unconstrained_only: bool = False
                          ) -> _Multipliers:
        """Filippov multipliers on the ``free`` surfaces (b, m), the others held at
        ``lam_fixed``: the box complementarity problem of :func:`_box_lcp`.

        The fast path takes the unconstrained solution when it lies within ``EXIT_SLACK`` of
        [0, 1] (rounding around a bound, as for a frozen pair) and clips it; ``exact`` solves
        the complementarity problem as soon as it leaves [0, 1] at all (exit location).
        ``start`` (b, m) modes to warm-start the pivoting from (+1/−1: begin held at 1/0, 0:
        begin free); given, the complementarity problem is always solved. The problem can have
        several solutions when attracting and repelling surfaces are coupled; starting from
        the current modes makes the classification agree with the exit test that led to it.
        """
        b = idx.size
        rows = np.arange(b)
        S = _pad(free)
        valid = S >= 0
        Sc = np.where(valid, S, 0)
        lam0 = np.where(free, 0.0, lam_fixed)
        update = None
        if self.sys.linearize is not None:
            F0, a, scale, M, update = self.sys.linearize(t, y, idx, lam0, S)
        else:
            F0 = self.sys.field(t, y, idx, lam0)
            zd0, zs = self.sys.rates(t, y, F0, idx)
            a = np.where(valid, zd0[rows[:, None], Sc], 0.0)
            scale = np.where(valid, zs[rows[:, None], Sc], 1.0)
            M = np.where(valid[:, :, None] & valid[:, None, :],
                         self._jacobian(t, y, idx, lam0, S), 0.0)
        s = S.shape[1]
        big = np.max(scale, axis=1)
        thr = RATE_TOL * big  # singular values below rounding are cut
        diag = np.diagonal(M, axis1=1, axis2=2)
        if s == 1 or _decoupled(M, diag):
            # decoupled surfaces (one per row, or a Jacobian diagonal to rounding as for
            # pairwise-orthogonal data): the truncated pseudo-inverse is a division by the
            # diagonal, whose magnitudes are the singular values, without the SVD's cost
            ok = valid & (np.abs(diag) > thr[:, None])
            lu = np.where(ok, -a / np.where(ok, diag, 1.0), 0.0)
        else:
            Mp = M + (np.where(valid, 0.0, 1.0)[:, :, None] * np.eye(s)[None]
                      * big[:, None, None])
            U, sv, Vt = np.linalg.svd(Mp)
            inv = np.where(sv > thr[:, None], 1.0 / np.where(sv > 0, sv, 1.0), 0.0)
            coef = np.einsum("bkj,bk->bj", U, a) * inv
            lu = np.where(valid, -np.einsum("bji,bj->bi", Vt, coef), 0.0)
        if unconstrained_only:
            lam_u = np.full(lam_fixed.shape, np.nan)
            lam_u[np.broadcast_to(rows[:, None], S.shape)[valid], S[valid]] = lu[valid]
            return _Multipliers(lam0, lam_u, np.zeros(lam0.shape, bool), a, a, M, S, F0)
        lam_s = np.clip(lu, 0.0, 1.0)
        slack = 0.0 if exact else EXIT_SLACK
        out_box = np.any(valid & ((lu < -slack) | (lu > 1 + slack)), axis=1)
        init = np.zeros(S.shape, np.int8)
        if start is not None:
            out_box[:] = True
            init = np.where(valid, start[rows[:, None], Sc], 0).astype(np.int8)
        tau = RATE_TOL * scale
        # one free surface crossed transversally (ż has one sign, beyond rounding, at λ = 0
        # and λ = 1): the complementarity problem's unique solution is the side it moves to
        single = valid.sum(axis=1) == 1
        if single.any():
            p0 = np.argmax(valid, axis=1)
            a1, w1 = a[rows, p0], a[rows, p0] + M[rows, p0, p0]
            t1 = tau[rows, p0]
            transversal = single & (((a1 > t1) & (w1 > t1)) | ((a1 < -t1) & (w1 < -t1)))
            rt = np.nonzero(out_box & transversal)[0]
            lam_s[rt, p0[rt]] = np.where(a1[rt] > 0, 1.0, 0.0)
            out_box_lcp = out_box & ~transversal
        else:
            out_box_lcp = out_box
        for r in np.nonzero(out_box_lcp)[0]:
            lam_s[r] = _box_lcp(M[r], a[r], valid[r], thr[r], init[r])
        w = a + np.einsum("bij,bj->bi", M, lam_s)  # ż_S at the solution (ż is affine in λ)
        leaving_s = valid & out_box[:, None] & (((lam_s <= 0.0) & (w < -tau))
                                                | ((lam_s >= 1.0) & (w > tau)))
        lam = lam0.copy()
        vr = np.broadcast_to(rows[:, None], S.shape)[valid]
        lam[vr, S[valid]] = lam_s[valid]
        leaving = np.zeros(lam.shape, bool)
        leaving[vr, S[valid]] = leaving_s[valid]
        lam_u = np.full(lam.shape, np.nan)
        lam_u[vr, S[valid]] = lu[valid]
        F = (update(np.where(valid, lam_s, 0.0)) if update is not None
             else self.sys.field(t, y, idx, lam))
        return _Multipliers(lam, lam_u, leaving, w, tau, M, S, F)

    # -- hooks called by the driver ---------------------------------------------------------
    def start(self, t, y):
        idx = np.arange(y.shape[0])
        z, zs = self.sys.surfaces(t, y, idx)
        z, zs = np.asarray(z, float), np.asarray(zs, float)
        if z.shape != (y.shape[0], self.m):
            raise ValueError(f"surfaces returned shape {z.shape}, expected {(y.shape[0], self.m)}")
        self.modes = np.where(z > 0, 1, -1).astype(np.int8)
        self.lam = (self.modes == 1).astype(float)
        near = np.abs(z) <= SURFACE_BAND * zs
        # a start on a surface has no side yet: classify it from "free"
        self.modes[near] = 0
        self._refresh()
        rows = np.nonzero(near.any(axis=1))[0]
        if rows.size:
            self._classify(t[rows], y[rows], rows, near[rows])
        return y

    def _refresh(self, rows: np.ndarray | None = None) -> None:
        """Per-row caches of the modes, read by every field evaluation: the multipliers off
        the sliding surfaces and whether a row slides at all."""
        if rows is None:
            self._side_lam = (self.modes == 1).astype(float)
            self._slides = (self.modes == 0).any(axis=1)
            return
        self._side_lam[rows] = (self.modes[rows] == 1).astype(float)
        self._slides[rows] = (self.modes[rows] == 0).any(axis=1)

    def field(self, t, y, idx):
        slides = self._slides[idx]
        if not slides.any():
            return self.sys.field(t, y, idx, self._side_lam[idx])
        lam = self._side_lam[idx]
        sl = self.modes[idx] == 0
        rs = np.nonzero(slides)[0]
        F = np.empty_like(y)
        others = np.nonzero(~slides)[0]
        if others.size:
            F[others] = self.sys.field(t[others], y[others], idx[others], lam[others])
        mult = self.solve_multipliers(t[rs], y[rs], idx[rs], lam[rs], sl[rs])
        F[rs] = mult.F
        self.lam[idx[rs]] = mult.lam
        for k, r in enumerate(rs):
            self._last_u[int(idx[r])] = (y[r], mult.lam_u[k])
        return F

    def locate(self, t_old, y_old, h, K, t_new, y_new, idx):
        md = self.modes[idx]
        z1, zs1 = (np.asarray(v, float) for v in self.sys.surfaces(t_new, y_new, idx))
        band = SURFACE_BAND * zs1
        cross = ((md == 1) & (z1 < -band)) | ((md == -1) & (z1 > band))
        exit_ = np.zeros_like(cross)
        side = np.zeros(md.shape, np.int8)  # the bound an exiting multiplier leaves through
        sl = md == 0
        rs = np.nonzero(sl.any(axis=1))[0]
        if rs.size:
            lam_u = np.empty((rs.size, self.m))
            fresh = []
            for k, r in enumerate(rs):
                last = self._last_u.get(int(idx[r]))
                if last is not None and np.array_equal(last[0], y_new[r]):
                    lam_u[k] = last[1]
                else:
                    fresh.append(k)
            if fresh:
                fr = rs[np.array(fresh)]
                lam_u[np.array(fresh)] = self.solve_multipliers(
                    t_new[fr], y_new[fr], idx[fr], (md[fr] == 1).astype(float), sl[fr],
                    unconstrained_only=True).lam_u
            with np.errstate(invalid="ignore"):
                low = sl[rs] & (lam_u < -EXIT_SLACK)
                high = sl[rs] & (lam_u > 1 + EXIT_SLACK)
            exit_[rs] = low | high
            side[rs] = np.where(high, 1, np.where(low, -1, 0))
        flagged = cross | exit_
        s_row = np.full(idx.size, np.inf)
        if not flagged.any():
            return s_row
        pr, pk = np.nonzero(flagged)
        is_exit = exit_[pr, pk]
        sides = side[pr, pk]

        # signed so that each pair's function goes from < 0 to >= 0 across its switch
        tp, yp, hp, Kp, rp = t_old[pr], y_old[pr], h[pr], K[:, pr], idx[pr]
        cross_poly = None
        if self.sys.affine_surfaces and not is_exit.all():
            cross_poly = self._surface_polynomials(tp, yp, hp, Kp, rp, pk, md[pr, pk],
                                                   zs1[pr, pk])

        def g(s, sel):
            out, tol = np.zeros(sel.size), np.zeros(sel.size)
            ps, ks, ex = pr[sel], pk[sel], is_exit[sel]
            c = ~ex
            if c.any() and cross_poly is not None:
                out[c], tol[c] = cross_poly(s[c], sel[c])
            elif c.any():
                sc = sel[c]
                yy = dense(yp[sc], hp[sc], Kp[:, sc], s[c])
                zz, zs = (np.asarray(v, float) for v in self.sys.surfaces(
                    tp[sc] + s[c] * hp[sc], yy, rp[sc]))
                at = np.arange(c.sum())
                out[c] = -md[ps[c], ks[c]] * zz[at, ks[c]]
                # on the surface to rounding: the band that switch() treats as "on it"
                tol[c] = SURFACE_BAND * zs[at, ks[c]]
            if ex.any():
                se = sel[ex]
                yy = dense(yp[se], hp[se], Kp[:, se], s[ex])
                mde = md[ps[ex]]
                lu = self.solve_multipliers(tp[se] + s[ex] * hp[se], yy, rp[se],
                                            (mde == 1).astype(float), mde == 0,
                                            unconstrained_only=True
                                            ).lam_u[np.arange(ex.sum()), ks[ex]]
                out[ex] = np.where(sides[sel][ex] < 0, -lu, lu - 1.0)
            return out, tol

        if cross_poly is not None and not is_exit.any():
            # crossings only: Newton on the quartics, the bracketed search where it stalls
            s_pair, ok = cross_poly.roots()
            if not ok.all():
                rest = np.nonzero(~ok)[0]
                s_pair[rest] = root_in_step(lambda s, sel: cross_poly(s, rest[sel]), hp[rest],
                                            tp[rest])
        else:
            s_pair = root_in_step(g, hp, tp)
        np.minimum.at(s_row, pr, s_pair)
        # pairs within a few ulps of the row's first switch are switched together
        tol = 8 * _EPS * np.maximum(np.abs(t_old[pr] + h[pr]), 1.0) / np.maximum(h[pr], 1e-300)
        first = s_pair <= s_row[pr] + tol
        self.pending = {}
        for r, k, sd in zip(pr[first], pk[first], sides[first], strict=True):
            self.pending.setdefault(int(idx[r]), []).append((int(k), int(sd)))
        return s_row

    def _surface_polynomials(self, t, y, h, K, rows, k, md, zscale):
        """For surfaces affine in y: z_k along the step's dense output is a polynomial in the
        step fraction, z(y_old) + h Σ_q s^(q+1) (Σ_j P[j, q] z_lin(K_j)), evaluated without
        the dense output or the surfaces (the root search's inner loop)."""
        b = y.shape[0]
        stages = [j for j in range(K.shape[0]) if np.any(P[j])]
        stack = np.concatenate([y, *(K[j] for j in stages), np.zeros_like(y[:1])], axis=0)
        tt = np.concatenate([t] * (len(stages) + 1) + [t[:1]])
        rr = np.concatenate([rows] * (len(stages) + 1) + [rows[:1]])
        z_all = np.asarray(self.sys.surfaces(tt, stack, rr)[0], float)
        at = np.arange(b)
        z0 = z_all[:b][at, k]
        offset = z_all[-1]  # z(0): the constant part of an affine surface
        D = np.stack([z_all[b * (i + 1): b * (i + 2)][at, k] - offset[k]
                      for i in range(len(stages))])  # (stages, pairs)
        # (4, pairs): coefficients of s, s², s³, s⁴, summed elementwise in a fixed order (no
        # BLAS), so each pair's arithmetic is the same whatever the batch
        E = np.zeros((P.shape[1], b))
        for i, j in enumerate(stages):
            for q in range(P.shape[1]):
                if P[j, q] != 0.0:
                    E[q] = E[q] + P[j, q] * D[i]
        return _SurfacePolynomial(E, z0, h, -md.astype(float), SURFACE_BAND * zscale)

    def switch(self, t, y, rows):
        for i, row in enumerate(rows):
            ti, yi, ri = t[i:i + 1], y[i:i + 1], rows[i:i + 1]
            cand = np.zeros((1, self.m), bool)
            exited = np.zeros((1, self.m), bool)
            for k, sd in self.pending.pop(int(row), []):
                if sd == 0:
                    cand[0, k] = True
                else:  # exit from sliding through the bound its multiplier crossed
                    self.log.append(([row], [k], [float(ti[0])], [0], [sd]))
                    self.modes[row, k] = sd
                    self._refresh(np.array([row]))
                    exited[0, k] = True
            z, zs = (np.asarray(v, float) for v in self.sys.surfaces(ti, yi, ri))
            cand |= (np.abs(z) <= SURFACE_BAND * zs) & ~exited
            if cand.any() or (self.modes[row] == 0).any():
                self._classify(ti, yi, ri, cand)
        return y

    def _classify(self, t, y, rows, cand):
        """Modes of the candidate surfaces and of the sliding ones, from the complementarity
        solution with all of them free (see the module docstring)."""
        md = self.modes[rows]
        free = cand | (md == 0)
        if self._cross_transversally(t, y, rows, md, free):
            return
        mult = self.solve_multipliers(t, y, rows, (md == 1).astype(float), free, exact=True,
                                      start=md)
        new = md.copy()
        for r in range(rows.size):
            for p, k in enumerate(mult.S[r]):
                if k < 0:
                    continue
                lk, rate, tau = mult.lam[r, k], mult.rate[r, p], mult.tau[r, p]
                if mult.leaving[r, k]:
                    mode = 1 if lk >= 1.0 else -1
                elif abs(rate) <= tau or 0.0 < lk < 1.0:
                    mode = 0
                    if EXIT_SLACK < lk < 1 - EXIT_SLACK and mult.M[r, p, p] > tau:
                        mode = self._steepest_side(t[r:r + 1], y[r:r + 1], rows[r:r + 1],
                                                   mult.lam[r:r + 1], k)
                else:  # an unconverged complementarity solve: follow the rate
                    mode = 1 if rate > 0 else -1
                new[r, k] = mode
        changed = new != md
        rr, kk = np.nonzero(changed)
        if rr.size:
            self.log.append((rows[rr], kk, t[rr].astype(float), md[rr, kk].astype(int),
                             new[rr, kk].astype(int)))
        self.modes[rows] = new
        self._refresh(rows)
        self.lam[rows] = np.where(new == 0, mult.lam, (new == 1).astype(float))

    def _cross_transversally(self, t, y, rows, md, free) -> bool:
        """The common case, settled without the complementarity machinery: one row, one
        surface met, none sliding, and its rate of one sign (beyond rounding) on both sides —
        the unique solution is to cross to the side it moves to. False: not that case."""
        if rows.size != 1 or self.sys.linearize is None or free.sum() != 1 or (md == 0).any():
            return False
        k = int(np.argmax(free[0]))
        lam0 = (md == 1).astype(float)
        lam0[0, k] = 0.0
        _, a, scale, M, _ = self.sys.linearize(t, y, rows, lam0, np.array([[k]]))
        a0, a1, tau = float(a[0, 0]), float(a[0, 0] + M[0, 0, 0]), RATE_TOL * float(scale[0, 0])
        if not ((a0 > tau and a1 > tau) or (a0 < -tau and a1 < -tau)):
            return False
        mode = 1 if a0 > 0 else -1
        row = int(rows[0])
        if mode != md[0, k]:
            self.log.append((rows, np.array([k]), t.astype(float), md[:, k].astype(int),
                             np.array([mode])))
        self.modes[row, k] = mode
        self._refresh(rows)
        self.lam[row] = (self.modes[row] == 1).astype(float)
        return True

    def _steepest_side(self, t, y, row, lam, k) -> int:
        up, down = lam.copy(), lam.copy()
        up[0, k], down[0, k] = 1.0, 0.0
        fu = np.linalg.norm(self.sys.field(t, y, row, up))
        fd = np.linalg.norm(self.sys.field(t, y, row, down))
        return 1 if fu >= fd else -1

    def finish(self, sol: Solution) -> Solution:
        sol.modes = self.modes.copy()
        sol.multipliers = self.lam.copy()
        sol.switches = SwitchLog.concat([tuple(np.asarray(c) for c in part)
                                         for part in self.log])
        return sol


class _SurfacePolynomial:
    """The signed switching functions of crossing pairs along one step, g(s) = sign·z(s) with
    z(s) = z0 + h Σ_q E_q s^(q+1): negative at s = 0, ≥ 0 at s = 1, ``band`` their rounding
    level (the band switch() treats as "on the surface")."""

    def __init__(self, E, z0, h, sign, band) -> None:
        self.E, self.z0, self.h, self.sign, self.band = E, z0, h, sign, band

    def __call__(self, s, sel):
        E = self.E
        poly = E[3, sel]
        for q in (2, 1, 0):
            poly = poly * s + E[q, sel]
        return self.sign[sel] * (self.z0[sel] + self.h[sel] * (poly * s)), self.band[sel]

    def roots(self, iterations: int = 12) -> tuple[np.ndarray, np.ndarray]:
        """Safeguarded Newton from the chord: the first s with 0 ≤ g(s) ≤ band, per pair,
        and whether it was reached (else the caller falls back to the bracketed search).

        A step that leaves the bracket bisects; a point just below the surface is moved by
        the band over the slope, so that the search ends on the far side."""
        E, h, sign = self.E, self.h, self.sign
        n = self.z0.size
        every = np.arange(n)
        lo, hi = np.zeros(n), np.ones(n)
        g0 = self(lo, every)[0]
        g1 = self(hi, every)[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(g1 > g0, -g0 / (g1 - g0), 0.5)
        s = np.clip(np.nan_to_num(s, nan=0.5), 0.0, 1.0)
        done = g1 <= self.band
        out = np.where(done, 1.0, s)
        for _ in range(iterations):
            act = np.nonzero(~done)[0]
            if act.size == 0:
                break
            sa = out[act]
            ga = self(sa, act)[0]
            up = ga >= 0
            hit = up & (ga <= self.band[act])
            done[act[hit]] = True
            lo[act] = np.where(up, lo[act], sa)
            hi[act] = np.where(up, sa, hi[act])
            d = E[0, act] + sa * (2 * E[1, act] + sa * (3 * E[2, act] + sa * 4 * E[3, act]))
            slope = sign[act] * h[act] * d
            with np.errstate(divide="ignore", invalid="ignore"):
                step = ga / slope
                nudge = np.where(ga < 0, 2 * self.band[act] / np.abs(slope), 0.0)
            new = sa - step + nudge
            inside = np.isfinite(new) & (new > lo[act]) & (new < hi[act])
            new = np.where(inside, new, 0.5 * (lo[act] + hi[act]))
            out[act] = np.where(hit, sa, new)
        return out, done


def _box_lcp(M, a, valid, thr, init=None) -> np.ndarray:
    """Multipliers λ ∈ [0, 1] on the valid entries with w = a + M λ complementary to the box:
    w_k = 0 where 0 < λ_k < 1, w_k ≤ 0 where λ_k = 0 (that side moves away into z < 0),
    w_k ≥ 0 where λ_k = 1 — Filippov's sliding conditions for several surfaces (a box-
    constrained linear complementarity problem), solved by principal pivoting on the small
    system: fix the entries that leave the box at their bound, re-solve the rest, release a
    fixed entry whose rate points back into the box. For a ReLU network this is the KKT system
    of the minimal-norm element of the Clarke set.
    """
    v = np.nonzero(valid)[0]
    lam = np.zeros(a.size)
    if v.size == 0:
        return lam
    Mv, av = M[np.ix_(v, v)], a[v]
    # 0 free, -1 held at 0, +1 held at 1
    fixed = np.zeros(v.size, dtype=np.int8) if init is None else init[v].astype(np.int8)
    x = np.zeros(v.size)
    for _ in range(4 * v.size + 4):
        free = fixed == 0
        x = np.where(fixed > 0, 1.0, 0.0)
        if free.any():
            rhs = -(av[free] + Mv[np.ix_(free, ~free)] @ x[~free])
            sol, *_ = np.linalg.lstsq(Mv[np.ix_(free, free)], rhs, rcond=None)
            x[free] = sol
        w = av + Mv @ x
        low, high = free & (x < 0.0), free & (x > 1.0)
        if low.any() or high.any():
            # fix the entry farthest outside the box, one at a time
            over = np.where(low, -x, np.where(high, x - 1.0, -np.inf))
            k = int(np.argmax(over))
            fixed[k] = -1 if low[k] else 1
            continue
        back = ((fixed < 0) & (w > thr)) | ((fixed > 0) & (w < -thr))
        if not back.any():
            break
        k = int(np.argmax(np.abs(np.where(back, w, 0.0))))
        fixed[k] = 0
    lam[v] = np.clip(x, 0.0, 1.0)
    return lam


__all__ = ["PiecewiseSmooth"]
