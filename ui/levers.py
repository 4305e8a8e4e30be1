"""Lever widgets of the scenario, shared by the workbench and the value map.

- One function per block (``means_tested_levers`` … ``behaviour_levers``): it renders the block's widgets
  and returns the new block. Widgets are keyed ``<prefix>.<field>`` and kept in step with the scenario:
  when the block changes elsewhere (a preset, a link, a file, the value map, the solver) the widgets are
  re-seeded from it; a widget the user did not move never changes the block (so a preset stays the same
  preset, to the last decimal).
- A key press during a recalculation is not lost: what the widgets produced is remembered only when the block is
  committed (:func:`settle`, called by :func:`commit`). A run that a newer key press interrupts between the widgets
  and the commit leaves the old memory, so the next run keeps the widgets' values instead of re-seeding them from
  the scenario that was never updated (which put the slider back and sent it back to the browser).
- The value map's rule (docs/AXES.md, "Moving along an axis") lives in :mod:`models.axis_rules` and is
  re-exported here: :func:`with_axis`, :func:`axis_setting`, :func:`axis_lock`.
- Helpers for both pages: :func:`preset_picker`, :func:`commit` (make an edited scenario active, with
  its family and name updated) and :func:`load_scenario_file` (the upload handler).
"""

from __future__ import annotations

from typing import Any, get_args

import streamlit as st
from pydantic import ValidationError

from models.axis_rules import (  # noqa: F401  (the value map's rule, re-exported for the pages)
    axis_lock,
    axis_setting,
    floor_level,
    general_support_2026,
    with_axis,
    with_individuality,
    with_unconditionality,
    with_universality,
)
from models.behaviour import literature_hints
from models.parameters import load_parameters
from models.scenario import (
    MEANS_TESTED_PARAMETERS,
    BasicIncome,
    Behaviour,
    Block,
    Conditionality,
    Financing,
    GeneralSupport,
    MeansTested,
    NegativeIncomeTax,
    ParticipationIncome,
    Replaceable,
    Scenario,
)
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t
from ui.plain_names import problem_lines
from ui.sliders import number_field, number_slider
from ui.state import (
    ScenarioError,
    current_preset,
    current_scenario,
    forget_origin,
    law_presets,
    preset_origin,
    report_error,
    scenario_from_file,
    set_scenario,
)
from ui.widget_texts import multiselect_texts

REPLACEABLE = get_args(Replaceable)
NEED_GROUPS = ("unemployed", "student", "home_parent", "other_inactive", "low_income_employed")
FINANCING_METHODS = ("none", "flat_tax", "surcharge", "scale", "flat_income_tax")
OWN = "__own__"
#: Session key of the blocks the widgets produced in this run, not yet committed (:func:`settle`).
PENDING = "_levers.pending"


# --- keeping widgets in step with the scenario ------------------------------------------------------------
class Levers:
    """The widgets of one block. A widget's value is seeded from the block when the block or the law changed since
    these widgets last produced it (or when the widget is new); a widget whose value still equals what was
    seeded leaves its field untouched."""

    def __init__(self, block: Block, prefix: str, lang: str, disabled: bool = False):
        self.block = block
        self.prefix = prefix
        self.lang = lang
        self.disabled = disabled
        self.updates: dict[str, Any] = {}
        self._memo = f"{prefix}._block"
        # A lever left at the law shows the law's value: when the law changes (another law year, an old file of the
        # 2025 law) the widgets are seeded again, or the old law's values would become edits.
        law, law_memo = current_scenario().law, f"{prefix}._law"
        self.force = st.session_state.get(self._memo) != block or st.session_state.get(law_memo) != law
        st.session_state[law_memo] = law

    def key(self, field: str) -> str:
        return f"{self.prefix}.{field}"

    def _seed(self, field: str, display: Any) -> str:
        k = self.key(field)
        if self.force or k not in st.session_state:
            st.session_state[k] = display
        return k

    def _label(self, field: str, **kw) -> tuple[str, str | None]:
        base = f"lever.{self.prefix.split('.')[-1]}.{field}"
        return t(base, self.lang), t(base + ".help", self.lang, **kw)

    def number(
        self,
        field: str,
        lo: float,
        hi: float,
        step: float,
        scale: float = 1.0,
        fmt: str | None = None,
        default: float | None = None,
        slider: bool = True,
        help_kw: dict | None = None,
        disabled: bool = False,
    ) -> None:
        """A slider (or number input) for a numeric field; ``scale`` converts to display units (100 for %).
        ``default`` is shown when the field is None (the law's value) and keeps it None while untouched."""
        old = getattr(self.block, field)
        raw = default if old is None else old
        display = min(max(float(raw) * scale, lo), hi)
        k = self._seed(field, display)
        label, help_ = self._label(field, **(help_kw or {}))
        if slider:
            unit = "eur" if fmt and "€" in fmt else "pct" if fmt and "%%" in fmt else None
            v = number_slider(
                label, lo, hi, step, key=k, lang=self.lang, unit=unit, help=help_, disabled=self.disabled or disabled
            )
        else:
            d = int(fmt[2]) if fmt and fmt.startswith("%.") else None
            v = number_field(
                label, lo, hi, step, key=k, lang=self.lang, decimals=d, help=help_, disabled=self.disabled or disabled
            )
        if v != display:
            self.updates[field] = v / scale

    def toggle(self, field: str, disabled: bool = False) -> None:
        old = bool(getattr(self.block, field))
        k = self._seed(field, old)
        label, help_ = self._label(field)
        v = st.toggle(label, key=k, help=help_, disabled=(self.disabled or disabled))
        if v != old:
            self.updates[field] = v

    def choice(self, field: str, options: tuple, disabled: bool = False) -> None:
        old = getattr(self.block, field)
        k = self._seed(field, old)
        label, help_ = self._label(field)
        v = st.radio(
            label,
            options,
            key=k,
            help=help_,
            horizontal=True,
            disabled=self.disabled or disabled,
            format_func=lambda o: t(f"lever.option.{o}", self.lang),
        )
        if v != old:
            self.updates[field] = v

    def multi(self, field: str, options: tuple) -> None:
        old = tuple(getattr(self.block, field))
        k = self._seed(field, [o for o in options if o in old])
        label, help_ = self._label(field)
        v = st.multiselect(
            label,
            options,
            key=k,
            help=help_,
            disabled=self.disabled,
            format_func=lambda o: t(f"lever.option.{o}", self.lang),
            **multiselect_texts(self.lang),
        )
        if set(v) != set(old):
            self.updates[field] = tuple(o for o in options if o in v)

    def ages(self, lo: int = 15, hi: int = 100) -> None:
        old = (self.block.min_age, self.block.max_age)
        display = (min(max(old[0], lo), hi), min(max(old[1], lo), hi))
        k = self._seed("ages", display)
        label, help_ = self._label("ages")
        v = st.slider(label, min_value=lo, max_value=hi, step=1, key=k, help=help_, disabled=self.disabled)
        if tuple(v) != display:
            self.updates["min_age"], self.updates["max_age"] = int(v[0]), int(v[1])

    def separate(self, switch: str, field: str, like: str, lo: float, hi: float, step: float, fmt: str) -> None:
        """A field that is None (the same as the field ``like``) until its switch is on; then its own slider,
        starting at ``like``'s value. The switch is keyed ``<prefix>.<switch>``."""
        current = getattr(self.block, field)
        k = self.key(switch)
        if self.force or k not in st.session_state:
            st.session_state[k] = current is not None
        if st.toggle(t(f"lever.{self.prefix.split('.')[-1]}.{switch}", self.lang), key=k, disabled=self.disabled):
            same = getattr(self.block, like)
            self.number(field, lo, hi, step, fmt=fmt, default=same)
            if current is None and field not in self.updates:
                self.updates[field] = same
        elif current is not None:
            self.updates[field] = None

    def switch(self) -> bool:
        """The block's on/off switch; the other widgets are disabled while it is off."""
        old = bool(self.block.enabled)
        k = self._seed("enabled", old)
        v = st.toggle(t("lever.enabled", self.lang), key=k, help=t("lever.enabled.help", self.lang))
        if v != old:
            self.updates["enabled"] = v
        self.disabled = not v
        return v

    def done(self) -> Block:
        new = self.block
        if self.updates:
            try:
                new = type(self.block).model_validate({**self.block.model_dump(), **self.updates})
            except ValidationError as exc:
                lines = problem_lines(exc.errors(), self.lang, block=self.prefix.split(".")[-1])
                st.error(t("lever.invalid", self.lang, fields="; ".join(lines)))
                st.session_state[self._memo] = None  # put the widgets back to the block on the next run
                return self.block
        st.session_state.setdefault(PENDING, {})[self._memo] = new  # remembered when committed (settle)
        return new


def settle(scenario: Scenario) -> None:
    """Remember, for each block's widgets, the block they produced in this run, where ``scenario`` (about to be
    made active) holds it. Call it before the scenario is stored: both are plain session-state writes, so a newer
    key press cannot interrupt the run between them."""
    for memo, block in st.session_state.pop(PENDING, {}).items():
        field = memo.removesuffix("._block").split(".")[-1]
        if getattr(scenario, field, None) == block:
            st.session_state[memo] = block


def pct_fmt(lang: str, decimals: int = 0) -> str:
    """A slider's printf format for a percentage in ``lang`` ("12 %" in Finnish and Swedish, "12%" in English)."""
    return f"%.{decimals}f %%" if lang in ("fi", "sv") else f"%.{decimals}f%%"


def eur_fmt(lang: str, decimals: int = 0) -> str:
    """A slider's printf format for euros in ``lang`` ("150 €" in Finnish and Swedish, "€150" in English)."""
    return f"%.{decimals}f €" if lang in ("fi", "sv") else f"€%.{decimals}f"


# --- one function per block ------------------------------------------------------------------------------
def means_tested_levers(block: MeansTested, lang: str, prefix: str = "wb.means_tested") -> MeansTested:
    """Today's system adjusted: each slider starts at the 2025 law (the lever stays unset until moved)."""
    w = Levers(block, prefix, lang)
    w.switch()
    law = law_values()
    pct, eur = pct_fmt(lang), eur_fmt(lang)

    def num(field, lo, hi, step, scale=1.0, fmt=None, law_text=None):
        value = law[field]
        text = law_text or (fmt_pct(value, lang, 1) if scale == 100 else fmt_eur(value, lang, 2 if value % 1 else 0))
        w.number(field, lo, hi, step, scale, fmt, default=value, help_kw={"law": text})

    num("unemployment_withdrawal_rate", 0.0, 100.0, 1.0, 100, pct)
    num("unemployment_protected_earnings", 0.0, 1000.0, 10.0, fmt=eur)
    num(
        "basic_daily_allowance",
        20.0,
        80.0,
        0.01,
        fmt=eur_fmt(lang, 2),
        law_text=f"{fmt_eur(law['basic_daily_allowance'], lang, 2)} ≈ {fmt_eur(floor_level(), lang)}",
    )
    num("housing_allowance_share", 0.0, 100.0, 1.0, 100, pct)
    num("housing_allowance_deductible_rate", 0.0, 100.0, 1.0, 100, pct)
    num("housing_allowance_earnings_disregard", 0.0, 1000.0, 10.0, fmt=eur)
    num("social_assistance_basic_amount", 0.0, 1200.0, 5.0, fmt=eur_fmt(lang, 0))
    num("social_assistance_earnings_disregard", 0.0, 1000.0, 10.0, fmt=eur)
    num("daycare_fee_rate", 0.0, 50.0, 0.1, 100, pct_fmt(lang, 1))
    return w.done()


def basic_income_levers(block: BasicIncome, lang: str, prefix: str = "wb.basic_income") -> BasicIncome:
    w = Levers(block, prefix, lang)
    w.switch()
    eur = eur_fmt(lang)
    w.number("amount", 0.0, 2000.0, 10.0, fmt=eur)
    # A separate amount for 18–24-year-olds (None = the same as the others).
    w.separate("young_separate", "young_adult_amount", "amount", 0.0, 2000.0, 10.0, eur)
    w.number("child_amount", 0.0, 1000.0, 10.0, fmt=eur)
    w.number("pensioner_amount", 0.0, 2000.0, 10.0, fmt=eur)
    w.ages()
    w.toggle("taxable")
    w.multi("replaces", REPLACEABLE)
    w.toggle("offset_earnings_related")
    w.toggle("exclude_disability_pensioners")
    return w.done()


def negative_income_tax_levers(
    block: NegativeIncomeTax, lang: str, prefix: str = "wb.negative_income_tax"
) -> NegativeIncomeTax:
    w = Levers(block, prefix, lang)
    w.switch()
    w.number("guarantee", 0.0, 2000.0, 10.0, fmt=eur_fmt(lang))
    w.number("withdrawal_rate", 1.0, 100.0, 1.0, 100, pct_fmt(lang))
    w.ages()
    w.toggle("through_tax")
    # Folded into income tax, the negative income tax is individual (the tax unit in Finland).
    w.choice("unit", ("individual", "household"), disabled=w.updates.get("through_tax", block.through_tax))
    if w.updates.get("through_tax", block.through_tax):
        w.updates["unit"] = "individual"
    w.multi("replaces", REPLACEABLE)
    return w.done()


def general_support_levers(block: GeneralSupport, lang: str, prefix: str = "wb.general_support") -> GeneralSupport:
    w = Levers(block, prefix, lang)
    w.switch()
    pct, eur = pct_fmt(lang), eur_fmt(lang)
    w.number("amount", 0.0, 2000.0, 10.0, fmt=eur)
    w.number("taper", 0.0, 100.0, 1.0, 100, pct)
    w.number("disregard", 0.0, 1000.0, 10.0, fmt=eur)
    # A separate disregard for other income than earnings (None = one disregard).
    w.separate("other_income_separate", "other_income_disregard", "disregard", 0.0, 1000.0, 1.0, eur)
    w.multi("eligible_groups", NEED_GROUPS)
    w.multi("merges", REPLACEABLE)
    w.toggle("include_housing")
    w.choice("means_test", ("individual", "household"))
    household = w.updates.get("means_test", block.means_test) == "household"
    w.number("partner_income_weight", 0.0, 100.0, 5.0, 100, pct, disabled=household)
    w.number("sanction", 0.0, 100.0, 5.0, 100, pct)
    w.ages()
    w.toggle("taxable")
    return w.done()


def participation_income_levers(
    block: ParticipationIncome, lang: str, prefix: str = "wb.participation_income"
) -> ParticipationIncome:
    w = Levers(block, prefix, lang)
    w.switch()
    w.number("amount", 0.0, 2000.0, 10.0, fmt=eur_fmt(lang))
    w.number("sanction", 0.0, 100.0, 5.0, 100, pct_fmt(lang))
    w.number("taper", 0.0, 100.0, 1.0, 100, pct_fmt(lang))
    w.number("disregard", 0.0, 2000.0, 10.0, fmt=eur_fmt(lang), disabled=w.updates.get("taper", block.taper) == 0)
    w.ages()
    w.toggle("taxable")
    w.multi("replaces", REPLACEABLE)
    w.toggle("offset_earnings_related")
    return w.done()


def conditionality_levers(block: Conditionality, lang: str, prefix: str = "wb.conditionality") -> Conditionality:
    w = Levers(block, prefix, lang)
    pct = pct_fmt(lang)
    w.number("participation_share", 0.0, 100.0, 1.0, 100, pct)
    w.number("take_up", 0.0, 100.0, 1.0, 100, pct)
    w.number("admin_cost_per_recipient", 0.0, 2000.0, 10.0, fmt=eur_fmt(lang))
    return w.done()


def financing_levers(block: Financing, lang: str, prefix: str = "wb.financing") -> Financing:
    """Method and rate (in percentage points, or % of the scale's rates). Changing either by hand clears
    the budget-neutral mark; the solver sets it again."""
    w = Levers(block, prefix, lang)
    w.choice("method", FINANCING_METHODS)
    method = w.updates.get("method", block.method)
    w.number("rate", -50.0, 90.0, 0.1, 100, "%.2f", slider=False, disabled=method == "none")
    if w.updates:
        w.updates["budget_neutral"] = False
    return w.done()


def behaviour_levers(block: Behaviour, lang: str, prefix: str = "wb.behaviour") -> Behaviour:
    """The two elasticities (default 0: a static estimate), each with the literature's guide value in its help,
    and a warning while either is on (models/behaviour.py, docs/METRICS.md "Behaviour")."""
    hints = literature_hints(load_parameters(current_scenario().law))
    w = Levers(block, prefix, lang)
    w.number(
        "extensive_elasticity", 0.0, 1.0, 0.05, fmt="%.2f", help_kw={"hint": fmt_number(hints["extensive"], lang, 2)}
    )
    w.number(
        "intensive_elasticity", 0.0, 1.0, 0.05, fmt="%.2f", help_kw={"hint": fmt_number(hints["intensive"], lang, 2)}
    )
    new = w.done()
    if new.extensive_elasticity > 0 or new.intensive_elasticity > 0:
        st.warning(t("lever.behaviour.on", lang), icon=":material/directions_run:")
    return new


def law_values() -> dict[str, float]:
    """Each means-tested lever's value under the law the active scenario changes (from assumptions/), where its
    slider starts."""
    params = load_parameters(current_scenario().law)
    return {
        lever: float(getattr(getattr(params, section), field))
        for lever, (section, field) in MEANS_TESTED_PARAMETERS.items()
    }


# --- scenario helpers -------------------------------------------------------------------------------------
NEW_BENEFITS = ("basic_income", "negative_income_tax", "general_support", "participation_income")


def infer_family(scenario: Scenario) -> str:
    """The family the scenario belongs to after an edit: the one new benefit switched on, ``means_tested``
    for adjustments only, ``baseline`` for none, ``custom`` for combinations."""
    on = [name for name in NEW_BENEFITS if getattr(scenario, name).enabled]
    if len(on) == 1 and not scenario.means_tested.enabled:
        return on[0]
    if not on:
        return "means_tested" if scenario.means_tested.enabled else "baseline"
    return "custom"


def preset_title(name: str, lang: str) -> str:
    return law_presets()[name].title.model_dump()[lang]


def commit(new: Scenario, lang: str) -> Scenario:
    """Make an edited scenario active (and put it in the URL): its family follows the levers, and a preset
    that was edited is renamed so that it is not mistaken for the preset."""
    old = current_scenario()
    if new == old:
        settle(old)
        return old
    name = new.name
    preset = current_preset()
    if preset in law_presets() and name == old.name:
        name = t("lever.modified_name", lang, name=preset_title(preset, lang))[:120]
    new = new.model_copy(update={"family": infer_family(new), "name": name})
    settle(new)
    set_scenario(new)
    return new


def _pick_preset(key: str) -> None:
    choice = st.session_state.get(key)
    if choice and choice != OWN and choice in law_presets():
        set_scenario(law_presets()[choice].scenario, preset=choice)


def _reset_preset(name: str) -> None:
    set_scenario(law_presets()[name].scenario, preset=name)


def preset_picker(key: str, lang: str, label_key: str = "lever.pick") -> None:
    """A picker of the presets and "your own scenario" that follows the active scenario. An edited preset stays
    chosen, named "… (modified)", with a button that puts the preset back: the picker's value does not change when
    a lever moves, so a key press that reaches the server before the browser has drawn the last run cannot come back
    as a stale choice of the preset and undo the edits (a value set by the server races the browser's own)."""
    presets = law_presets()
    origin = preset_origin()
    wanted = origin if origin in presets else OWN
    edited = wanted != OWN and current_preset() != wanted
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted

    def label(n: str) -> str:
        if n == OWN:
            return t("lever.own_scenario", lang)
        return (
            t("lever.modified_name", lang, name=preset_title(n, lang))
            if edited and n == wanted
            else preset_title(n, lang)
        )

    pick, reset = st.columns([5, 1], vertical_alignment="bottom") if edited else (st.container(), None)
    pick.selectbox(t(label_key, lang), [*presets, OWN], key=key, on_change=_pick_preset, args=(key,), format_func=label)
    if reset is not None:
        reset.button(
            t("lever.reset_preset", lang),
            key=f"{key}.reset",
            on_click=_reset_preset,
            args=(wanted,),
            icon=":material/restart_alt:",
            help=t("lever.reset_preset.help", lang, name=preset_title(wanted, lang)),
        )


def load_scenario_file(content: bytes) -> Scenario | None:
    """The upload handler: a valid file becomes the active scenario; a bad one is reported (shown by
    ``show_error``) and the previous scenario stays."""
    try:
        scenario = scenario_from_file(content)
    except ScenarioError as exc:
        report_error(exc)
        return None
    set_scenario(scenario)
    forget_origin()
    return scenario
