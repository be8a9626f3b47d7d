"""E[φ'(u·x) x φ(v·x)] for φ = leaky ReLU, α = 0.1: the derived cross moment, compiled, against a
30-digit quadrature of both in-plane components (see derived_forms.py)."""

from .derived_forms import moment_claim

claim = moment_claim("leaky_relu")
