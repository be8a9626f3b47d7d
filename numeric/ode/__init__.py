"""reluflow's one integrator core.

One driver (:func:`solve`) composed of a solver (Dormand–Prince 5(4), ``_tableau``), a step-size
controller (:class:`PIController`, :class:`ConstantStep`), output (``t_eval`` from the dense
output), :class:`Event` s located on the dense output, monitors (:class:`StepView`), one
:class:`Solution` and one :class:`Status`. A right-hand side is either a C¹ callable
``rhs(t, y, idx)`` or a :class:`PiecewiseSmooth` system, integrated as the Filippov / Clarke
differential inclusion with event-driven crossing, sliding and exit (see ``_filippov``).
Every flow in reluflow — finite-data two-layer networks, the reduced (r, φ) ODE, Tian's
teacher–student flow, Kumar–Haupt's rescaled flows, Boursier's reduced c_jk ODE — runs here.
"""

from ._autonomous import integrate_autonomous as integrate_autonomous
from ._controller import ConstantStep as ConstantStep, PIController as PIController
from ._driver import solve as solve
from ._events import Event as Event, StepView as StepView
from ._filippov import (
    EXIT_SLACK as EXIT_SLACK,
    RATE_TOL as RATE_TOL,
    SURFACE_BAND as SURFACE_BAND,
    PiecewiseSmooth as PiecewiseSmooth,
)
from ._solution import (
    IntegrationError as IntegrationError,
    Solution as Solution,
    Status as Status,
    SwitchLog as SwitchLog,
)

__all__ = [
    "EXIT_SLACK",
    "RATE_TOL",
    "SURFACE_BAND",
    "ConstantStep",
    "Event",
    "IntegrationError",
    "PIController",
    "PiecewiseSmooth",
    "Solution",
    "Status",
    "StepView",
    "SwitchLog",
    "integrate_autonomous",
    "solve",
]
