"""numeric/_generated.py is the derivation cache: it must be exactly what symbolic renders."""

from __future__ import annotations

import subprocess
import sys

from symbolic import codegen


def test_generated_module_is_current():
    on_disk = codegen.TARGET.read_text()
    assert on_disk == codegen.render(), (
        "numeric/_generated.py is stale: run `python -m symbolic.codegen` and commit it"
    )


def test_import_numeric_does_not_import_sympy():
    """Why ``import numeric`` is fast (SymPy alone takes ~0.7 s); timed in benchmarks/."""
    code = "import sys; import numeric; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_generated_jax_module_is_current():
    on_disk = codegen.JAX_TARGET.read_text()
    assert on_disk == codegen.render_jax(), (
        "numeric/_generated_jax.py is stale: run `python -m symbolic.codegen`"
    )
