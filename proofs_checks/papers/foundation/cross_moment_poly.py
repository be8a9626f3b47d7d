"""The derived cross moment of the user-style polynomial 1 − z²/3 (z < 0), 1 + z (z > 0),
compiled, against a 30-digit quadrature that shares nothing with the derivation
(see derived_forms.py)."""

from .derived_forms import moment_claim

claim = moment_claim("poly")
