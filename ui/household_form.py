"""Choosing a household on the households page and the income-traps page: a ready example or your own.

:func:`choose_household` is the picker (:class:`HouseholdPicker`: the examples of ``ui.households`` and one
more option, the custom form). The form is one form, set up per page by :class:`FormSetup`: its widget keys
(``<prefix>.form.*``), the household shown before the user submits one, and whether it is the full form (the
households page: work pension, an adult child living with the parents, whether the first two adults are a
couple) or the compact one (the income-traps page). The last valid household is kept in
``st.session_state["<prefix>.custom"]`` as ``(household as JSON, followed adult)``; a submission with errors is
reported field by field (:func:`ui.households.spec_from_form`) and the previous household stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from models.household import HouseholdSpec
from ui.households import ADULT_STATUSES, TENURES, FieldError, load_examples, spec_from_form
from ui.i18n import fmt_number, t
from ui.page import md_escape

#: The picker's option for the custom household.
CUSTOM = "__custom__"
#: The translation key of each form field's label (for the error list).
FIELD_LABELS = {
    "age": "households.form.age",
    "status": "households.form.status",
    "earnings": "households.form.earnings",
    "previous_earnings": "households.form.previous_earnings",
    "earnings_related_pension": "households.form.pension",
    "lives_with_parents": "households.form.lives_with_parents",
    "in_services": "households.form.in_services",
    "couple": "households.form.couple",
    "children_ages": "households.form.children_ages",
    "children_in_daycare": "households.form.daycare",
    "rent": "households.form.rent",
    "tenure": "households.form.tenure",
    "municipality_group": "households.form.group",
    "adults": "households.form.n_adults",
}


@dataclass(frozen=True)
class FormSetup:
    """One page's form: ``prefix`` of its widget and session keys, ``default`` household (JSON) and followed
    adult, at most ``max_adults`` adults, ``new_adult(i)`` the values of an added adult ``i``, the widget key
    of the previous wage (``<prefix>.form.<previous_key>.<i>``) and whether the form is ``compact``."""

    prefix: str
    default: tuple[dict, int]
    max_adults: int
    new_adult: Callable[[int], dict]
    previous_key: str = "previous_earnings"
    compact: bool = False

    def key(self, name: str) -> str:
        return f"{self.prefix}.form.{name}"


@dataclass(frozen=True)
class HouseholdPicker:
    """A page's household picker: the select box's widget ``key`` and ``label``, the texts of the custom option
    and of the custom household's name (translation keys), the example selected ``first`` (default: the first
    example) and the custom ``form``."""

    key: str
    label: str
    custom_option: str
    custom_name: str
    form: FormSetup
    first: str | None = None


def choose_household(picker: HouseholdPicker, lang: str) -> tuple[str, HouseholdSpec, int, str]:
    """The picker, and the chosen example's name and story (or the custom form). Returns the choice (an
    example's id or :data:`CUSTOM`), the household, its followed adult and its name."""
    examples = load_examples()
    options = list(examples) + [CUSTOM]
    choice = st.selectbox(
        t(picker.label, lang),
        options,
        index=options.index(picker.first) if picker.first in options else 0,
        key=picker.key,
        format_func=lambda k: t(picker.custom_option, lang) if k == CUSTOM else examples[k].name.model_dump()[lang],
    )
    if choice == CUSTOM:
        spec, follow = household_form(picker.form, lang)
        return choice, spec, follow, t(picker.custom_name, lang)
    example = examples[choice]
    name = example.name.model_dump()[lang]
    st.markdown(f"**{name}** – {example.story.model_dump()[lang]}")
    return choice, example.household, example.follow, name


def household_form(setup: FormSetup, lang: str) -> tuple[HouseholdSpec, int]:
    """The form; returns the last valid household and its followed adult (errors keep the previous one)."""
    stored = st.session_state.get(f"{setup.prefix}.custom", setup.default)
    if not setup.compact:
        st.subheader(t("households.form.header", lang))
    n_stored = len(stored[0]["adults"])
    n = int(
        st.number_input(
            t("households.form.n_adults", lang), 1, setup.max_adults, value=n_stored, key=setup.key("n_adults")
        )
    )
    with st.form(f"{setup.prefix}.form"):
        cols = st.columns(n)
        adults = []
        for i in range(n):
            with cols[i]:
                adults.append(_adult(setup, i, stored[0]["adults"][i] if i < n_stored else setup.new_adult(i), lang))
        if setup.compact:
            couple = n == 2
        else:
            couple = (
                st.checkbox(t("households.form.couple", lang), value=True, key=setup.key("couple")) if n >= 2 else False
            )
        form, follow = _household(setup, stored, n, lang)
        submitted = st.form_submit_button(t("households.form.submit", lang), type="primary", key=setup.key("submit"))
    if submitted:
        spec, errors = spec_from_form({"adults": adults, "couple": couple, **form}, lang)
        if errors:
            st.error(error_text(errors, lang))
        else:
            stored = (spec.model_dump(mode="json"), int(follow))
            st.session_state[f"{setup.prefix}.custom"] = stored
    return HouseholdSpec.model_validate(stored[0]), stored[1]


def _adult(setup: FormSetup, i: int, d: dict, lang: str) -> dict:
    """One adult's column: age, main activity, earnings and previous wage (and, in the full form, work pension
    and, from the second adult on, living with the parents)."""
    st.markdown(f"**{t('households.form.adult', lang, n=i + 1)}**")
    adult = {
        "age": st.number_input(
            t("households.form.age", lang), 18, 110, int(d.get("age", 30)), key=setup.key(f"age.{i}")
        ),
        "status": st.selectbox(
            t("households.form.status", lang),
            ADULT_STATUSES,
            index=ADULT_STATUSES.index(d.get("status", "employed")),
            format_func=lambda s: t(f"households.status.{s}", lang),
            key=setup.key(f"status.{i}"),
        ),
        "earnings": euro_field(
            t("households.form.earnings", lang), d.get("earnings", 0.0), setup.key(f"earnings.{i}"), lang
        ),
        "previous_earnings": euro_field(
            t("households.form.previous_earnings", lang),
            d.get("previous_earnings", 0.0),
            setup.key(f"{setup.previous_key}.{i}"),
            lang,
            help=t("households.form.previous_earnings_help", lang),
        ),
    }
    if setup.compact:
        return adult
    adult["earnings_related_pension"] = euro_field(
        t("households.form.pension", lang), d.get("earnings_related_pension", 0.0), setup.key(f"pension.{i}"), lang
    )
    adult["lives_with_parents"] = (
        st.checkbox(
            t("households.form.lives_with_parents", lang),
            bool(d.get("lives_with_parents")),
            key=setup.key(f"lwp.{i}"),
        )
        if i >= 1
        else False
    )
    adult["in_services"] = st.checkbox(
        t("households.form.in_services", lang),
        bool(d.get("in_services")),
        key=setup.key(f"services.{i}"),
        help=t("households.form.in_services_help", lang),
    )
    return adult


def _household(setup: FormSetup, stored: tuple[dict, int], n: int, lang: str) -> tuple[dict, int]:
    """The household's fields in two columns (children, daycare, rent, tenure, municipality group) and the
    followed adult."""
    h = stored[0]
    c1, c2 = st.columns(2)
    form = {
        "children_ages": c1.text_input(
            t("households.form.children_ages", lang),
            ", ".join(map(str, h.get("children_ages", []))),
            key=setup.key("children"),
            help=t("households.form.children_ages_help", lang),
            max_chars=60,
        ),
        "children_in_daycare": c2.number_input(
            t("households.form.daycare", lang),
            0,
            12,
            int(h.get("children_in_daycare", 0)),
            key=setup.key("daycare"),
            help=None if setup.compact else t("households.form.daycare_help", lang),
        ),
        "rent": euro_field(
            t("households.form.rent", lang),
            h.get("rent", 0.0),
            setup.key("rent"),
            lang,
            help=t("households.form.rent_help", lang),
            where=c1,
        ),
        "tenure": c2.selectbox(
            t("households.form.tenure", lang),
            TENURES,
            index=TENURES.index(h.get("tenure", "rented")),
            format_func=lambda s: t(f"households.form.tenure.{s}", lang),
            key=setup.key("tenure"),
        ),
        "municipality_group": c1.selectbox(
            t("households.form.group", lang),
            (1, 2, 3),
            index=int(h.get("municipality_group", 1)) - 1,
            format_func=lambda g: t(f"households.form.group.{g}", lang),
            key=setup.key("group"),
        ),
    }
    follow = c2.selectbox(
        t("households.form.follow", lang),
        list(range(n)),
        index=min(stored[1], n - 1),
        format_func=lambda i: t("households.form.adult", lang, n=i + 1),
        key=setup.key("follow"),
    )
    return form, follow


def euro_field(label: str, value: float | None, key: str, lang: str, help: str | None = None, where=st) -> str:
    """A euro amount per month typed as the language writes it ("2 500" or "2 500,50" in Finnish, "2,500" in
    English; ``st.number_input`` would write "2500.00"): a text field read by :func:`ui.households.spec_from_form`,
    which names the field when the text is not a number."""
    amount = float(value or 0.0)
    shown = fmt_number(amount, lang, 0 if amount == round(amount) else 2)
    return where.text_input(label, shown, key=key, help=help, max_chars=20)


def error_text(errors: list[FieldError], lang: str) -> str:
    """The form's errors as one markdown message, each line naming its field (and adult)."""
    lines = []
    for e in errors:
        label = t(FIELD_LABELS.get(e.field, "households.form.household"), lang)
        if e.adult is not None:
            label = f"{t('households.form.adult', lang, n=e.adult + 1)}: {label}"
        lines.append(f"- **{md_escape(label)}**: {md_escape(t(e.key, lang, **e.kwargs))}")
    return t("households.form.errors", lang) + "\n\n" + "\n".join(lines)
