"""The value map's rule: how moving a scenario along one value axis sets its levers (docs/AXES.md, "Moving
along an axis"). Pure functions of a scenario, shared by the value map, the workbench and workshop mode.

- :func:`with_axis` sets the levers of one axis from a lever setting 0…1; :func:`axis_setting` is its
  inverse (where the scenario's levers put the setting); :func:`axis_lock` says when a scenario has no lever
  for an axis (the reason as a translation key of the value-map page).
- :func:`toward_position` moves a scenario towards a *position* on an axis (what the value map's sliders
  show): it searches the setting of :func:`with_axis` whose computed position is closest to the target,
  with the model run passed in as a function, and says why when the levers cannot go there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from models.parameters import load_parameters
from models.scenario import BasicIncome, Block, GeneralSupport, ParticipationIncome, Scenario


def floor_level() -> float:
    """The full basic unemployment allowance per month: the axes' yardstick.

    ``unemployment.basic_daily_amount`` × ``unemployment.days_per_month`` (Työttömyysturvalaki 1290/2002, 6 luku
    1 §; the year's figure is in the note of ``unemployment.basic_daily_amount``).
    """
    u = load_parameters().unemployment
    return u.basic_daily_amount * u.days_per_month


def general_support_2026() -> GeneralSupport:
    """The government's 2026 general support (as the yleistuki_2026 preset): today's two unemployment
    benefits as one, the amount :func:`floor_level` rounded to the euro, the preset's taper, no disregard, own
    income, sanctions as today (the sources of each lever are in ``assumptions/presets/yleistuki_2026.yaml``)."""
    return GeneralSupport(
        enabled=True,
        amount=round(floor_level()),
        taper=0.5,
        disregard=0.0,
        eligible_groups=("unemployed",),
        merges=("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki"),
        include_housing=False,
        means_test="individual",
        partner_income_weight=0.0,
        sanction=1.0,
        taxable=True,
    )


def axis_lock(scenario: Scenario, axis: str) -> str | None:
    """Why the scenario has no lever for ``axis`` (a translation key), or None."""
    bi, nit = scenario.basic_income.enabled, scenario.negative_income_tax.enabled
    gs, pi = scenario.general_support.enabled, scenario.participation_income.enabled
    if axis == "unconditionality" and nit and not (gs or pi or bi):
        return "vm.lock.unconditionality"
    if axis == "individuality" and (bi or pi) and not (gs or nit):
        return "vm.lock.individuality"
    return None


def with_universality(sc: Scenario, v: float) -> Scenario:
    """The universal amount = v × floor (EUR 10 steps): the participation income's amount, else the negative
    income tax's guarantee, else the basic income's amount (a tax-free basic income for 18–64-year-olds,
    offset against today's basic benefits, is added when there is none); 0 switches it off."""
    amount = float(round(v * floor_level() / 10) * 10)
    on = amount > 0
    if sc.participation_income.enabled:
        return sc.model_copy(
            update={
                "participation_income": sc.participation_income.model_copy(update={"amount": amount, "enabled": on})
            }
        )
    if sc.negative_income_tax.enabled:
        return sc.model_copy(
            update={
                "negative_income_tax": sc.negative_income_tax.model_copy(update={"guarantee": amount, "enabled": on})
            }
        )
    if sc.basic_income.enabled:
        bi = sc.basic_income.model_copy(update={"amount": amount, "young_adult_amount": None, "enabled": on})
    elif on:
        bi = BasicIncome(enabled=True, amount=amount, min_age=18, max_age=64, taxable=False)
    else:
        return sc
    return sc.model_copy(update={"basic_income": bi})


def with_unconditionality(sc: Scenario, v: float) -> Scenario:
    """Sanction = 1 − v for general support and participation income. Without either: a basic income
    becomes (for v < 1) a participation income with the same adult amount, ages, tax treatment and
    replaced benefits; with no basic income, today's unemployment benefits become the 2026 general support.
    A negative income tax alone has no conditions to set (locked)."""
    if axis_lock(sc, "unconditionality"):
        return sc
    sanction = round(1.0 - v, 2)
    upd: dict[str, Block] = {}
    bi, pi, gs = sc.basic_income, sc.participation_income, sc.general_support
    if pi.enabled:
        upd["participation_income"] = pi.model_copy(update={"sanction": sanction})
    elif bi.enabled and sanction > 0:
        upd["participation_income"] = ParticipationIncome(
            enabled=True,
            amount=bi.amount,
            min_age=bi.min_age,
            max_age=bi.max_age,
            sanction=sanction,
            taxable=bi.taxable,
            replaces=bi.replaces,
        )
        upd["basic_income"] = bi.model_copy(update={"enabled": False})
    if gs.enabled:
        upd["general_support"] = gs.model_copy(update={"sanction": sanction})
    elif not (pi.enabled or bi.enabled):
        upd["general_support"] = general_support_2026().model_copy(update={"sanction": sanction})
    return sc.model_copy(update=upd)


def with_individuality(sc: Scenario, v: float) -> Scenario:
    """General support tests a partner's income with weight 1 − v (the household's income at v = 0);
    a negative income tax is assessed per household below 0.5. Without either, today's unemployment benefits
    become the 2026 general support — unless a basic or participation income pays the floor (locked)."""
    if axis_lock(sc, "individuality"):
        return sc
    weight = round(1.0 - v, 2)
    upd: dict[str, Block] = {}
    gs, nit = sc.general_support, sc.negative_income_tax
    test = {"means_test": "household" if weight >= 1.0 else "individual", "partner_income_weight": weight}
    if gs.enabled:
        upd["general_support"] = gs.model_copy(update=test)
    if nit.enabled:
        upd["negative_income_tax"] = nit.model_copy(update={"unit": "household" if v < 0.5 else "individual"})
    if not (gs.enabled or nit.enabled):
        upd["general_support"] = general_support_2026().model_copy(update=test)
    return sc.model_copy(update=upd)


def axis_setting(sc: Scenario, axis: str) -> float:
    """Where the scenario's levers put the slider of ``axis`` (the inverse of the rule), so that a slider
    starts at the current setting and never jumps when first moved: the universal amount / floor; 1 − the
    sanction (0 for today's fully sanctioned unemployment benefits, 1 for a basic income); 1 − the partner's
    weight (1 for today's own-income test and for floors paid per person)."""
    bi, pi, nit, gs = sc.basic_income, sc.participation_income, sc.negative_income_tax, sc.general_support
    if axis == "universality":
        amount = pi.amount if pi.enabled else nit.guarantee if nit.enabled else bi.amount if bi.enabled else 0.0
        return min(amount / floor_level(), 1.0)
    if axis == "unconditionality":
        if pi.enabled:
            return 1.0 - pi.sanction
        if gs.enabled:
            return 1.0 - gs.sanction
        return 1.0 if (bi.enabled or nit.enabled) else 0.0
    if gs.enabled:
        return 0.0 if gs.means_test == "household" else 1.0 - gs.partner_income_weight
    if nit.enabled:
        return 1.0 if nit.unit == "individual" else 0.0
    return 1.0


def with_axis(scenario: Scenario, axis: str, v: float) -> Scenario:
    """The scenario with the levers of ``axis`` set from the slider value ``v`` (0…1)."""
    v = min(max(float(v), 0.0), 1.0)
    return {
        "universality": with_universality,
        "unconditionality": with_unconditionality,
        "individuality": with_individuality,
    }[axis](scenario, v)


#: Half a slider step of the value map: a position within this of the target is on target.
POSITION_TOLERANCE = 0.005
#: The finest lever setting the search tries apart (the universal amount moves in EUR 10 ≈ 0.0125 steps).
SETTING_STEP = 0.01
#: One slider step: a move that would bring the point less than this much closer changes nothing.
MIN_GAIN = 0.01


@dataclass(frozen=True)
class AxisMove:
    """The outcome of moving a scenario towards a position on one axis.

    ``scenario`` is the new scenario (the old one when nothing changed); ``before`` and ``after`` its
    positions; ``reach`` the positions at lever settings 0 and 1 (None when locked or not looked at);
    ``reason`` why nothing changed: ``"locked"`` (no lever), ``"same"`` (already there), ``"top"`` or
    ``"bottom"`` (the levers cannot take the point further that way), ``"nearest"`` (no setting comes
    closer to the target than the scenario is: the lever moves in steps, as a negative income tax's unit).
    """

    axis: str
    target: float
    before: float
    after: float
    scenario: Scenario
    setting: float | None = None
    reach: tuple[float, float] | None = None
    reason: str | None = None


def _closest_setting(
    scenario: Scenario, axis: str, target: float, position: Callable[[Scenario], float], reach: tuple[float, float]
) -> tuple[float, float]:
    """The setting in [0, 1] whose position is closest to ``target`` (positions non-decreasing in the setting,
    docs/AXES.md), by regula falsi on a bracket (at most eight runs besides the two ends).

    Returns (setting, its position)."""
    lo, hi = 0.0, 1.0
    p_lo, p_hi = reach
    best = min(((lo, p_lo), (hi, p_hi)), key=lambda sp: abs(sp[1] - target))
    for _ in range(8):
        if abs(best[1] - target) <= POSITION_TOLERANCE or hi - lo <= SETTING_STEP + 1e-9:
            break
        guess = lo + (target - p_lo) / (p_hi - p_lo) * (hi - lo) if p_hi > p_lo else (lo + hi) / 2
        s = round(round(min(max(guess, lo + SETTING_STEP), hi - SETTING_STEP) / SETTING_STEP) * SETTING_STEP, 2)
        p = position(with_axis(scenario, axis, s))
        if abs(p - target) < abs(best[1] - target):
            best = (s, p)
        if p < target:
            lo, p_lo = s, p
        else:
            hi, p_hi = s, p
    return best


def toward_position(
    scenario: Scenario, axis: str, target: float, position: Callable[[Scenario], float], current: float
) -> AxisMove:
    """The scenario moved towards ``target`` on ``axis`` by the rule of :func:`with_axis`.

    ``position(s)`` is the computed position of a scenario on ``axis`` (a model run); ``current`` is
    ``scenario``'s. The levers are set where the computed position comes closest to the target; when the
    levers cannot move the point in the wanted direction, or there are none, the scenario stays as it is
    and ``reason`` says why.
    """
    target = min(max(float(target), 0.0), 1.0)
    stay = AxisMove(axis=axis, target=target, before=current, after=current, scenario=scenario)
    if axis_lock(scenario, axis):
        return replace(stay, reason="locked")
    if abs(target - current) <= POSITION_TOLERANCE:
        return replace(stay, reason="same")
    reach = (position(with_axis(scenario, axis, 0.0)), position(with_axis(scenario, axis, 1.0)))
    up = target > current
    if (up and reach[1] < current + MIN_GAIN) or (not up and reach[0] > current - MIN_GAIN):
        return replace(stay, reach=reach, reason="top" if up else "bottom")
    goal = min(max(target, reach[0]), reach[1])
    setting, after = _closest_setting(scenario, axis, goal, position, reach)
    moved = with_axis(scenario, axis, setting)
    if moved == scenario or abs(after - target) > abs(current - target) - MIN_GAIN:
        return replace(stay, reach=reach, setting=setting, reason="nearest")
    return AxisMove(axis=axis, target=target, before=current, after=after, scenario=moved, setting=setting, reach=reach)
