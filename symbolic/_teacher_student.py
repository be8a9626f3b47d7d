"""Teacher–student loss and gradient for any K, M, with a trained second layer, for every
activation of the Gaussian deriver.

Student f(x) = Σ_j a_j σ(w_j·x) (j < K), teacher f*(x) = Σ_l b_l σ(v_l·x) (l < M), x ~ N(0, I_d),
J = ½κ E[(f − f*)²]. The per-sample loss is expanded into double sums of products
σ(w_j·x)σ(w_k·x), σ(w_j·x)σ(v_m·x) and σ(v_m·x)σ(v_n·x), whose expectations are the pair
kernel k. The gradient uses the chain rule inside the expectation,
∂σ(w_j·x)/∂w_j = σ'(w_j·x) x. Its expectations are the cross moments m(w_j, ·). That step
needs σ continuous: for a jump, σ' = 0 almost everywhere and the true gradient carries a Dirac
mass, so a discontinuous activation is refused here.

K and M may be numbers or symbols; the sums stay sums (``W[j]`` is the j-th student row). For
printing and compiling, k and m are replaced by their derived closed forms (symbolic/_gaussian).
"""

from __future__ import annotations

import sympy as sp

from ._activations import Activation, activation

__all__ = ["StudentTeacher", "gradient", "loss"]

W, V = sp.IndexedBase("W"), sp.IndexedBase("V")
a, b = sp.IndexedBase("a"), sp.IndexedBase("b")
j, k, l, n = sp.symbols("j k l n", integer=True, nonnegative=True)
kappa = sp.Symbol("kappa", positive=True)
kernel_fn, moment_fn = sp.Function("k"), sp.Function("m")


class StudentTeacher:
    """The sizes K, M (int ≥ 1 or a symbol name) and the activation of one problem."""

    def __init__(self, act, K=2, M=2) -> None:
        self.activation: Activation = activation(act)
        self.K = _size("K", K)
        self.M = _size("M", M)

    def sizes(self) -> tuple:
        return tuple(s for s in (self.K, self.M) if isinstance(s, sp.Symbol))


def _size(name: str, value):
    if isinstance(value, sp.Symbol):
        return value
    if isinstance(value, str):
        if value == name or value.isidentifier():
            return sp.Symbol(value, integer=True, positive=True)
        try:
            value = int(value)
        except ValueError:
            raise ValueError(f"{name} must be a positive integer or a symbol name, got "
                             f"{value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, sp.Integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer or a symbol name, got {value!r}")
    return sp.Integer(value)


def loss(problem: StudentTeacher) -> sp.Expr:
    """J = ½κ[Σ_jk a_j a_k k(w_j, w_k) − 2Σ_jl a_j b_l k(w_j, v_l) + Σ_ln b_l b_n k(v_l, v_n)]."""
    K, M = problem.K, problem.M
    # E[(Σ a_j s_j − Σ b_m t_m)²] with the square written as double sums, then E[s s'] = k.
    ss = sp.Sum(a[j] * a[k] * kernel_fn(W[j], W[k]), (j, 0, K - 1), (k, 0, K - 1))
    st = sp.Sum(a[j] * b[l] * kernel_fn(W[j], V[l]), (j, 0, K - 1), (l, 0, M - 1))
    tt = sp.Sum(b[l] * b[n] * kernel_fn(V[l], V[n]), (l, 0, M - 1), (n, 0, M - 1))
    return kappa / 2 * (ss - 2 * st + tt)


def gradient(problem: StudentTeacher) -> tuple[sp.Expr, sp.Expr]:
    """(∂J/∂w_j, ∂J/∂a_j) for the student j: κ a_j [Σ_k a_k m(w_j, w_k) − Σ_l b_l m(w_j, v_l)]
    and κ[Σ_k a_k k(w_j, w_k) − Σ_l b_l k(w_j, v_l)].
    """
    if not problem.activation.continuous:
        raise ValueError(f"the gradient of {problem.activation.name!r} is not E[σ'(w·x) x …]: "
                         "a jump puts a Dirac mass in σ'; only continuous activations are "
                         "supported")
    K, M = problem.K, problem.M
    # ∂/∂w_j of ½κ(f − f*)² = κ(f − f*) a_j σ'(w_j·x) x; E[σ'(w_j·x) x σ(·)] = m(w_j, ·).
    dw = kappa * a[j] * (sp.Sum(a[k] * moment_fn(W[j], W[k]), (k, 0, K - 1))
                         - sp.Sum(b[l] * moment_fn(W[j], V[l]), (l, 0, M - 1)))
    # ∂/∂a_j = κ(f − f*) σ(w_j·x); E[σ(w_j·x) σ(·)] = k(w_j, ·).
    da = kappa * (sp.Sum(a[k] * kernel_fn(W[j], W[k]), (k, 0, K - 1))
                  - sp.Sum(b[l] * kernel_fn(W[j], V[l]), (l, 0, M - 1)))
    return dw, da


def sample_level_loss(K: int, M: int) -> sp.Expr:
    """The same J for numeric K, M, from the square of scalar symbols s_j = σ(w_j·x),
    t_m = σ(v_m·x) expanded term by term (a check of the double-sum bookkeeping)."""
    s = sp.symbols(f"s0:{K}")
    t = sp.symbols(f"t0:{M}")
    owner = {s[i]: W[i] for i in range(K)} | {t[i]: V[i] for i in range(M)}
    sample = sp.expand(kappa / 2 * (sum(a[i] * s[i] for i in range(K))
                                    - sum(b[i] * t[i] for i in range(M))) ** 2)
    out = sp.S.Zero
    for term in sp.Add.make_args(sample):
        coeff, factors = term.as_independent(*s, *t, as_Add=False)
        vecs = []
        for sym, p in factors.as_powers_dict().items():
            vecs.extend([owner[sym]] * int(p))
        x, y = vecs
        out += coeff * kernel_fn(x, y)
    return out
