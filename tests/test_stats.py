"""numeric.stats: the one implementation of binomial intervals, slope bands and t quantiles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from numeric.stats import clopper_pearson, fit_slope, t_quantile


def test_clopper_pearson_published_values_and_edges():
    # 50/100 at 95 %: (0.3983, 0.6017) in the standard tables
    lo, hi = clopper_pearson(50, 100, 0.95)
    assert lo == pytest.approx(0.3983, abs=1e-4) and hi == pytest.approx(0.6017, abs=1e-4)
    # k = 0 and k = N: the one-sided ends are exact, (alpha/2)^(1/N) on the other side
    lo0, hi0 = clopper_pearson(0, 20, 0.9)
    assert lo0 == 0.0 and hi0 == pytest.approx(1 - 0.05 ** (1 / 20), rel=1e-12)
    loN, hiN = clopper_pearson(20, 20, 0.9)
    assert hiN == 1.0 and loN == pytest.approx(0.05 ** (1 / 20), rel=1e-12)


def test_t_quantile():
    # df = 2 has a closed form: t_p = (2p − 1) sqrt(2 / (4p(1 − p))), here p = 0.975
    p = 0.975
    assert t_quantile(0.95, 2) == pytest.approx((2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p))),
                                                rel=1e-12)
    assert t_quantile(0.95, 0) == math.inf


@pytest.mark.parametrize(("call", "match"), [
    (lambda: clopper_pearson(5, 3, 0.95), "0 <= k <= N"),
    (lambda: clopper_pearson(1.5, 3, 0.95), "integers"),
    (lambda: clopper_pearson(1, 3, 1.0), "conf must be in"),
    (lambda: t_quantile(0.0, 3), "conf must be in"),
    (lambda: fit_slope([0, 1, 2], [1, 2]), "1-D of one length"),
    (lambda: fit_slope([0, 1, np.nan], [1, 2, 3]), "finite"),
])
def test_bad_input_names_the_problem(call, match):
    with pytest.raises(ValueError, match=match):
        call()
