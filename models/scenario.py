"""The scenario: the 2025 baseline plus changes, as one frozen, versioned, JSON-serialisable model.

Families of reform, each a block of levers (all optional; a block that is not ``enabled`` changes nothing):

- ``means_tested``: today's system adjusted — withdrawal rates, earnings disregards, housing-allowance
  share, social-assistance basic amount, benefit levels.
- ``basic_income`` (perustulo): a flat amount by age group, taxable or not, offset against the benefits it
  replaces (they become top-ups, as in Kela's 2016 pre-study and the 2017–2018 experiment).
- ``negative_income_tax``: a guarantee withdrawn at one rate through the tax system.
- ``general_support`` (yleistuki): several basic benefits merged into one amount with one taper and one
  disregard, for people with a recognised need, tested individually or by household.
- ``participation_income`` (osallistumistulo / yleisturva): paid to those who take part (work, study,
  care, job search, volunteering); non-participants face a sanction.
- ``conditionality``: the share of recipients who meet activity requirements, take-up, administration.
- ``financing``: a flat earned-income tax, a surcharge on the state scale, or scaling of the scale; the
  budget-neutral solver finds the rate.
- ``behaviour``: optional labour-supply elasticities (default 0, static).

Every number that a user might question comes from a preset in ``assumptions/presets/`` (with its source);
the defaults here are "no change".
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.parameter_types import Bracket
from models.parameters import FIRST_LAW_DATE, LAST_LAW_DATE, LEGACY_LAW_DATE, Parameters

SCHEMA_VERSION: Literal[1] = 1

#: The scenario's lever blocks, in the order the workbench shows them (the workshop's lockable blocks, the plain
#: names of levers and the scenario report all follow it).
LeverBlock = Literal[
    "means_tested",
    "basic_income",
    "negative_income_tax",
    "general_support",
    "participation_income",
    "conditionality",
    "financing",
    "behaviour",
]
LEVER_BLOCKS: tuple[str, ...] = get_args(LeverBlock)

#: Person-level benefits a new benefit can replace, in the order a new amount is set against them (a
#: person's replaced benefits together become one top-up). Housing allowance and social assistance stay and
#: count the new benefit as income; general support can also take over housing (``include_housing``).
#: ``parental_allowance`` stands for the minimum parental (and sickness) allowance the issue names: an
#: earnings-related allowance above the new amount stays as a top-up. The pensions are for a pensioner amount.
Replaceable = Literal[
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "study_grant",
    "home_care_allowance",
    "parental_allowance",
    "national_pension",
    "guarantee_pension",
]

#: Entry groups of general support. All but ``low_income_employed`` are recognised causes (needs);
#: with ``low_income_employed`` the support is open to every working-age person (universal entry).
NeedGroup = Literal["unemployed", "student", "home_parent", "other_inactive", "low_income_employed"]


class Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MeansTested(Block):
    """Today's means-tested system with adjusted levers (None = the law of the run's date)."""

    enabled: bool = False
    unemployment_withdrawal_rate: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of earnings deducted from adjusted unemployment benefit "
        "(the law: unemployment.adjustment_rate)",
    )
    unemployment_protected_earnings: float | None = Field(
        None,
        ge=0,
        le=2000,
        description="Protected earnings per month before adjustment (the law: unemployment.earnings_disregard)",
    )
    basic_daily_allowance: float | None = Field(
        None,
        ge=0,
        le=200,
        description="Basic daily allowance and labour market subsidy, EUR/day "
        "(the law: unemployment.basic_daily_amount)",
    )
    housing_allowance_share: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of acceptable housing costs covered (the law: housing_allowance.compensation_rate)",
    )
    housing_allowance_deductible_rate: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Basic deductible rate on income above the limit (the law: housing_allowance.deductible_rate)",
    )
    housing_allowance_earnings_disregard: float | None = Field(
        None,
        ge=0,
        le=2000,
        description="Earned income disregarded per earner in housing allowance, EUR/month "
        "(the law: housing_allowance.earned_income_disregard)",
    )
    social_assistance_basic_amount: float | None = Field(
        None,
        ge=0,
        le=2000,
        description="Basic amount for a single person, EUR/month (the law: social_assistance.basic_amount)",
    )
    social_assistance_earnings_disregard: float | None = Field(
        None,
        ge=0,
        le=2000,
        description="Earned income disregarded in social assistance per person, EUR/month "
        "(the law: social_assistance.earned_income_disregard)",
    )
    daycare_fee_rate: float | None = Field(
        None, ge=0, le=0.5, description="Daycare fee as a share of income above the limit (the law: daycare.fee_rate)"
    )


class BasicIncome(Block):
    """Basic income (perustulo): a flat amount, offset against the benefits it replaces."""

    enabled: bool = False
    amount: float = Field(0.0, ge=0, le=3000, description="EUR/month for adults from min_age to max_age")
    young_adult_amount: float | None = Field(
        None, ge=0, le=3000, description="EUR/month for adults up to young_adult_max_age if different"
    )
    young_adult_max_age: int = Field(24, ge=18, le=40, description="Oldest age (years) that gets young_adult_amount")
    child_amount: float = Field(0.0, ge=0, le=1500, description="EUR/month per child under 18 (paid to the household)")
    pensioner_amount: float = Field(0.0, ge=0, le=3000, description="EUR/month for people over max_age")
    min_age: int = Field(18, ge=15, le=70)
    max_age: int = Field(64, ge=18, le=110)
    taxable: bool = False
    replaces: tuple[Replaceable, ...] = (
        "labour_market_subsidy",
        "basic_unemployment_allowance",
        "yleistuki",
        "study_grant",
        "home_care_allowance",
    )
    offset_earnings_related: bool = True
    exclude_disability_pensioners: bool = Field(
        False, description="Working-age disability pensioners keep their pension and get no basic income"
    )

    @model_validator(mode="after")
    def _ages(self) -> BasicIncome:
        if self.max_age < self.min_age:
            raise ValueError("max_age: must not be below min_age")
        return self


class NegativeIncomeTax(Block):
    """Negative income tax: guarantee − rate × own income, paid through the tax system."""

    enabled: bool = False
    guarantee: float = Field(0.0, ge=0, le=3000, description="EUR/month at zero income")
    withdrawal_rate: float = Field(0.5, gt=0, le=1)
    min_age: int = Field(18, ge=15, le=70)
    max_age: int = Field(64, ge=18, le=110)
    unit: Literal["individual", "household"] = "individual"
    replaces: tuple[Replaceable, ...] = (
        "labour_market_subsidy",
        "basic_unemployment_allowance",
        "yleistuki",
        "study_grant",
    )
    through_tax: bool = Field(
        False,
        description="Folded into income tax: for the covered ages the withdrawal rate is a flat tax on earned "
        "income that replaces the state and municipal tax, and the guarantee a refundable credit (Friedman's design)",
    )

    @model_validator(mode="after")
    def _through_tax_unit(self) -> NegativeIncomeTax:
        if self.through_tax and self.unit != "individual":
            raise ValueError("unit: a negative income tax folded into income tax is assessed on the individual")
        return self


class GeneralSupport(Block):
    """General support (yleistuki): one benefit, one taper, one disregard, for recognised needs."""

    enabled: bool = False
    amount: float = Field(0.0, ge=0, le=3000, description="EUR/month at zero income")
    taper: float = Field(0.5, ge=0, le=1, description="Withdrawal per euro of income above the disregard")
    disregard: float = Field(
        0.0,
        ge=0,
        le=3000,
        description="Income disregarded per month (earnings only when other_income_disregard is set)",
    )
    other_income_disregard: float | None = Field(
        None,
        ge=0,
        le=3000,
        description="A separate disregard for income other than earnings, EUR/month "
        "(None: one disregard for all income)",
    )
    eligible_groups: tuple[NeedGroup, ...] = ("unemployed",)
    merges: tuple[Replaceable, ...] = ("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki")
    include_housing: bool = Field(
        False, description="Housing costs become part of the support (housing allowance merged)"
    )
    means_test: Literal["individual", "household"] = "individual"
    partner_income_weight: float = Field(
        0.0, ge=0, le=1, description="Weight of the partner's income in an individual test"
    )
    sanction: float = Field(
        0.0, ge=0, le=1, description="Share withheld from recipients who do not meet the activity requirement"
    )
    min_age: int = Field(18, ge=15, le=70)
    max_age: int = Field(64, ge=18, le=110)
    taxable: bool = True


class ParticipationIncome(Block):
    """Participation income (osallistumistulo): paid to participants; non-participants are sanctioned."""

    enabled: bool = False
    amount: float = Field(0.0, ge=0, le=3000)
    min_age: int = Field(18, ge=15, le=70)
    max_age: int = Field(64, ge=18, le=110)
    sanction: float = Field(1.0, ge=0, le=1, description="Share of the amount withheld from non-participants")
    taper: float = Field(
        0.0, ge=0, le=1, description="Withdrawal per euro of own income above the disregard (0: not means-tested)"
    )
    disregard: float = Field(0.0, ge=0, le=3000, description="Own income disregarded per month before the taper")
    taxable: bool = False
    replaces: tuple[Replaceable, ...] = (
        "labour_market_subsidy",
        "basic_unemployment_allowance",
        "yleistuki",
        "study_grant",
    )
    offset_earnings_related: bool = Field(
        False, description="The earnings-related unemployment allowance becomes a top-up above it"
    )


class Conditionality(Block):
    """How activity conditions work in practice (each a preset assumption with a source)."""

    participation_share: float = Field(
        1.0, ge=0, le=1, description="Share of non-employed recipients who meet the activity requirement"
    )
    take_up: float = Field(1.0, ge=0, le=1, description="Take-up of the new benefit among the entitled")
    admin_cost_per_recipient: float = Field(0.0, ge=0, le=5000, description="EUR/year per recipient")


class Financing(Block):
    """How the reform is financed: an extra flat tax on taxable earned income, a surcharge in percentage
    points on every bracket of the state scale, a relative change of the scale's rates, or one flat income
    tax that replaces the state scale and the municipal tax (with their deductions and credits)."""

    method: Literal["none", "flat_tax", "surcharge", "scale", "flat_income_tax"] = "none"
    rate: float = Field(
        0.0,
        ge=-0.5,
        le=0.9,
        description="Flat tax rate, surcharge points, relative scale change, or the replacing flat rate",
    )
    budget_neutral: bool = Field(
        False, description="Solve the rate so that the net cost is zero (the stored rate is a starting value)"
    )

    @model_validator(mode="after")
    def _replacing_rate(self) -> Financing:
        if self.method == "flat_income_tax" and self.rate < 0:
            raise ValueError("rate: a flat income tax that replaces the scale cannot be negative")
        return self


class Behaviour(Block):
    extensive_elasticity: float = Field(0.0, ge=0, le=1)
    intensive_elasticity: float = Field(0.0, ge=0, le=1)


class Scenario(BaseModel):
    """A reform scenario: the law in force on ``law_date`` plus changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field("", max_length=120)
    law_date: dt.date | None = Field(
        None,
        ge=FIRST_LAW_DATE,
        le=LAST_LAW_DATE,
        description="The law the scenario changes: the law in force on this date (None: a scenario saved before "
        "law dates, made against the 2025 law)",
    )
    family: Literal[
        "baseline",
        "means_tested",
        "basic_income",
        "negative_income_tax",
        "general_support",
        "participation_income",
        "custom",
    ] = "baseline"
    means_tested: MeansTested = MeansTested()
    basic_income: BasicIncome = BasicIncome()
    negative_income_tax: NegativeIncomeTax = NegativeIncomeTax()
    general_support: GeneralSupport = GeneralSupport()
    participation_income: ParticipationIncome = ParticipationIncome()
    conditionality: Conditionality = Conditionality()
    financing: Financing = Financing()
    behaviour: Behaviour = Behaviour()

    @property
    def law(self) -> dt.date:
        """The date of the law this scenario changes (2025 law for scenarios saved before law dates)."""
        return self.law_date if self.law_date is not None else LEGACY_LAW_DATE

    def at_law(self, date: dt.date) -> Scenario:
        """The same changes made to the law in force on ``date``: a scenario that replaced the labour market
        subsidy or the basic allowance replaces general support (yleistuki) too, which took their place on
        1.5.2026 (a no-op where it is not in force)."""
        floor = {"labour_market_subsidy", "basic_unemployment_allowance"}

        def with_yleistuki(keys: tuple[Replaceable, ...]) -> tuple[Replaceable, ...]:
            return keys + ("yleistuki",) if floor & set(keys) and "yleistuki" not in keys else keys

        return self.model_copy(
            update={
                "law_date": date,
                "basic_income": self.basic_income.model_copy(
                    update={"replaces": with_yleistuki(self.basic_income.replaces)}
                ),
                "negative_income_tax": self.negative_income_tax.model_copy(
                    update={"replaces": with_yleistuki(self.negative_income_tax.replaces)}
                ),
                "participation_income": self.participation_income.model_copy(
                    update={"replaces": with_yleistuki(self.participation_income.replaces)}
                ),
                "general_support": self.general_support.model_copy(
                    update={"merges": with_yleistuki(self.general_support.merges)}
                ),
            }
        )

    @property
    def is_baseline(self) -> bool:
        blocks = (
            self.means_tested,
            self.basic_income,
            self.negative_income_tax,
            self.general_support,
            self.participation_income,
        )
        return not any(b.enabled for b in blocks) and self.financing.method == "none"


#: Means-tested levers and the parameter each one sets (section, field).
MEANS_TESTED_PARAMETERS: dict[str, tuple[str, str]] = {
    "unemployment_withdrawal_rate": ("unemployment", "adjustment_rate"),
    "unemployment_protected_earnings": ("unemployment", "earnings_disregard"),
    "basic_daily_allowance": ("unemployment", "basic_daily_amount"),
    "housing_allowance_share": ("housing_allowance", "compensation_rate"),
    "housing_allowance_deductible_rate": ("housing_allowance", "deductible_rate"),
    "housing_allowance_earnings_disregard": ("housing_allowance", "earned_income_disregard"),
    "social_assistance_basic_amount": ("social_assistance", "basic_amount"),
    "social_assistance_earnings_disregard": ("social_assistance", "earned_income_disregard"),
    "daycare_fee_rate": ("daycare", "fee_rate"),
}


def scenario_parameters(params: Parameters, scenario: Scenario) -> Parameters:
    """The law's parameters with the scenario's means-tested levers and scale financing applied."""
    updates: dict[str, dict] = {}
    if scenario.means_tested.enabled:
        for lever, (section, field) in MEANS_TESTED_PARAMETERS.items():
            value = getattr(scenario.means_tested, lever)
            if value is not None:
                updates.setdefault(section, {})[field] = value
    fin = scenario.financing
    if fin.method in ("surcharge", "scale") and fin.rate != 0:
        scale = params.tax.state_income_tax_scale
        if fin.method == "surcharge":
            new = tuple(Bracket(threshold=b.threshold, rate=min(max(b.rate + fin.rate, 0.0), 1.0)) for b in scale)
        else:
            new = tuple(Bracket(threshold=b.threshold, rate=min(max(b.rate * (1 + fin.rate), 0.0), 1.0)) for b in scale)
        updates.setdefault("tax", {})["state_income_tax_scale"] = new
    if not updates:
        return params
    sections = {name: getattr(params, name).model_copy(update=fields) for name, fields in updates.items()}
    return params.model_copy(update=sections)
