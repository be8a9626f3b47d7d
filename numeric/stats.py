"""Interval statistics shared by every check: exact binomial intervals, least-squares slopes
with Student-t bands, t quantiles. One implementation each, so a claim's confidence statement
means the same thing in every paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["SlopeFit", "clopper_pearson", "fit_slope", "t_quantile"]


def _conf(conf: float) -> float:
    c = float(conf)
    if not 0.0 < c < 1.0:
        raise ValueError(f"conf must be in (0, 1), got {conf!r}")
    return c


def t_quantile(conf: float, df: int) -> float:
    """The two-sided ``conf`` quantile of Student's t with ``df`` degrees of freedom
    (``inf`` when df < 1: no residual left to estimate a spread from)."""
    from scipy import stats

    c = _conf(conf)
    return float(stats.t.ppf(0.5 + c / 2, df)) if df >= 1 else math.inf


def clopper_pearson(k: int, N: int, conf: float) -> tuple[float, float]:
    """Exact two-sided ``conf`` binomial confidence interval for k successes in N trials."""
    from scipy.stats import beta

    if not (isinstance(k, (int, np.integer)) and isinstance(N, (int, np.integer))):
        raise ValueError(f"k and N must be integers, got k={k!r}, N={N!r}")
    if N < 1 or not 0 <= k <= N:
        raise ValueError(f"need 0 <= k <= N and N >= 1, got k={k}, N={N}")
    alpha = 1.0 - _conf(conf)
    lo = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, N - k + 1))
    hi = 1.0 if k == N else float(beta.ppf(1 - alpha / 2, k + 1, N - k))
    return lo, hi


@dataclass(frozen=True)
class SlopeFit:
    """A least-squares line with the half width of the slope's two-sided confidence interval."""

    slope: float
    intercept: float
    stderr: float
    halfwidth: float
    conf: float
    df: int = 0


def fit_slope(x, y, conf: float = 0.95, *, nuisance=None) -> SlopeFit:
    """Least-squares slope of y on x with the t-quantile half width of its confidence interval.

    ``nuisance`` (k,) or (k, q): known correction shapes fitted alongside (y = a + s x + Σ β c),
    e.g. the λ^{2ε} next-order term of a scaling law, whose size is data dependent; the
    degrees of freedom are k − 2 − q. Without it this is ``scipy.stats.linregress``.
    """
    from scipy import stats

    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D of one length, got {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite")
    if nuisance is None:
        res = stats.linregress(x, y)
        df = x.size - 2
        slope, intercept, stderr = float(res.slope), float(res.intercept), float(res.stderr)
    else:
        C = np.asarray(nuisance, float).reshape(x.size, -1)
        A = np.column_stack([np.ones_like(x), x, C])
        df = x.size - A.shape[1]
        coef, *_ = np.linalg.lstsq(A, y, rcond=None)
        rss = float(np.sum((y - A @ coef) ** 2))
        cov = (rss / df if df > 0 else np.inf) * np.linalg.pinv(A.T @ A)
        slope, intercept, stderr = float(coef[1]), float(coef[0]), float(np.sqrt(cov[1, 1]))
    return SlopeFit(slope, intercept, stderr, t_quantile(conf, df) * stderr, float(conf), df)
