"""The value map's rule: how moving a scenario along one value axis sets its levers (docs/AXES.md, "Moving
along an axis"). Pure functions of a scenario, shared by the value map, the workbench and workshop mode.

- :func:`with_axis` sets the levers of one axis from a slider value 0…1; :func:`axis_setting` is its
  inverse (where the scenario's levers put the slider); :func:`axis_lock` says when a scenario has no lever
  for an axis (the reason as a translation key of the value-map page).
"""

from __future__ import annotations

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
