"""The population's columns: the contract between the synthetic builder, user microdata and the rules.

A population is two tables. ``households`` has one row per dwelling household (asuntokunta) with
its survey weight; ``persons`` has one row per person with the index of their household. All money
is EUR per month. The same schema is the documented format for a user's own microdata file
(see ``docs/POPULATION.md``); :func:`models.population.microdata.load_microdata` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Status(IntEnum):
    """Main activity of a person (the code stored in ``persons.status``)."""

    CHILD = 0  # under 18 and dependent (incl. comprehensive-school pupils)
    EMPLOYED = 1
    UNEMPLOYED_LABOUR_MARKET_SUBSIDY = 2
    UNEMPLOYED_BASIC_ALLOWANCE = 3
    UNEMPLOYED_EARNINGS_RELATED = 4
    STUDENT = 5
    PENSIONER = 6  # old-age pensioner
    DISABILITY_PENSIONER = 7
    HOME_PARENT = 8  # caring for own child at home (child home care allowance)
    OTHER = 9  # other inactive: long-term sick without pension, conscripts, others


#: The names used in household files, the CLI and microdata (``status`` column may use either).
STATUS_NAMES: dict[str, Status] = {
    "child": Status.CHILD,
    "employed": Status.EMPLOYED,
    "unemployed_labour_market_subsidy": Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
    "unemployed_basic_allowance": Status.UNEMPLOYED_BASIC_ALLOWANCE,
    "unemployed_earnings_related": Status.UNEMPLOYED_EARNINGS_RELATED,
    "student": Status.STUDENT,
    "pensioner": Status.PENSIONER,
    "disability_pensioner": Status.DISABILITY_PENSIONER,
    "home_parent": Status.HOME_PARENT,
    "other": Status.OTHER,
}

UNEMPLOYED_STATUSES = (
    Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
    Status.UNEMPLOYED_BASIC_ALLOWANCE,
    Status.UNEMPLOYED_EARNINGS_RELATED,
)


#: Children (role ``child``, status ``child``) are under this age, as in Statistics Finland's family statistics.
ADULT_AGE = 18
#: The youngest child's age given to households without children under ADULT_AGE (above every child's age).
NO_CHILD_AGE = 99

#: Family statuses of Statistics Finland's employment statistics: not living in a family (alone or with other adults),
#: a spouse without or with children at home (children of any age), a parent without a spouse, an adult child living
#: with their parents.
FAMILY_STATUSES = (
    "not_in_family",
    "spouse_without_children",
    "spouse_with_children",
    "single_parent",
    "child_of_family",
)
#: ``persons.with_parents``: an adult of the other-adult role living in the parents' home, another adult (a
#: flat-sharer, a sibling or other relative), or not known.
WITH_PARENTS, NOT_WITH_PARENTS, WITH_PARENTS_UNKNOWN = 1, 0, -1


class Role(IntEnum):
    """A person's place in the household (``persons.role``)."""

    HEAD = 0  # the reference person
    SPOUSE = 1  # married or cohabiting partner of the head
    CHILD = 2  # child of the head/spouse under 18
    OTHER_ADULT = 3  # adult child living with parents, or another adult


class StudyLevel(IntEnum):
    """Level of education a person is studying at (``persons.study_level``)."""

    NONE = 0  # not studying (or not known)
    UPPER_SECONDARY = 1  # general upper secondary school (lukio)
    VOCATIONAL = 2  # vocational education and training (initial, further and specialist qualifications)
    HIGHER_EDUCATION = 3  # university of applied sciences or university, bachelor's or master's degree
    POSTGRADUATE = 4  # doctoral or licentiate studies, medical specialist training


class Tenure(IntEnum):
    """Tenure of the dwelling (``households.tenure``)."""

    OWNER = 0
    RENTED = 1
    RIGHT_OF_OCCUPANCY = 2  # asumisoikeus: treated like rent in housing allowance
    OTHER = 3  # rent-free and other


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[int, ...] | None = None
    required: bool = True
    default: float | int | bool | None = None


HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column("household_id", "int64", "Unique identifier of the household.", minimum=0),
    Column("weight", "float64", "Number of Finnish households this one represents (> 0).", minimum=1e-9),
    Column(
        "municipality_group",
        "int8",
        "Kela housing-cost group: 1 = capital region (Helsinki, Espoo, Kauniainen, Vantaa), "
        "2 = the larger municipalities, 3 = the rest.",
        allowed=(1, 2, 3),
    ),
    Column(
        "tenure",
        "int8",
        "0 = owner-occupied, 1 = rented, 2 = right of occupancy, 3 = other (rent-free).",
        allowed=(0, 1, 2, 3),
    ),
    Column(
        "housing_cost",
        "float64",
        "Monthly housing cost in EUR: rent or right-of-occupancy charge for tenants (heating "
        "included, as in most rented flats); maintenance charge and mortgage interest for owners. "
        "Water is excluded: the rules add Kela's normative water cost per person.",
        minimum=0,
        maximum=20_000,
    ),
    Column(
        "has_assets",
        "bool",
        "Net assets at or above the housing-allowance asset limit (EUR 50,000), which also rule out "
        "social assistance in practice.",
        required=False,
        default=False,
    ),
    Column(
        "net_assets",
        "float64",
        "Net assets of the household other than the home it lives in, in EUR (not per month): deposits, "
        "securities, other dwellings and land less the debts on them. The synthetic population keeps "
        "has_assets equal to net_assets >= 50,000.",
        minimum=0,
        maximum=1e10,
        required=False,
        default=0.0,
    ),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column("household_id", "int64", "The household the person belongs to.", minimum=0),
    Column("role", "int8", "0 = head, 1 = spouse, 2 = child under 18, 3 = other adult.", allowed=(0, 1, 2, 3)),
    Column("age", "int16", "Age in whole years.", minimum=0, maximum=110),
    Column("sex", "int8", "0 = male, 1 = female.", allowed=(0, 1)),
    Column("status", "int8", "Main activity, a code of Status (or its name in CSV files).", allowed=tuple(Status)),
    Column("earnings", "float64", "Gross wage and self-employment earnings, EUR/month.", minimum=0, maximum=1_000_000),
    Column(
        "previous_earnings",
        "float64",
        "Monthly earnings before unemployment (the earnings-related allowance base), EUR/month.",
        minimum=0,
        maximum=1_000_000,
        required=False,
        default=0.0,
    ),
    Column(
        "earnings_related_pension",
        "float64",
        "Own earnings-related (work) pension, including disability pension, EUR/month.",
        minimum=0,
        maximum=200_000,
        required=False,
        default=0.0,
    ),
    Column(
        "other_income",
        "float64",
        "Other taxable income, mainly capital income, EUR/month.",
        minimum=0,
        maximum=1_000_000,
        required=False,
        default=0.0,
    ),
    Column(
        "unemployment_days_used",
        "int16",
        "Days of earnings-related allowance already paid in the current spell (0–499; on additional days the "
        "maximum period's last day).",
        minimum=0,
        maximum=600,
        required=False,
        default=0,
    ),
    Column(
        "church_member", "bool", "Member of the Evangelical-Lutheran or Orthodox church.", required=False, default=False
    ),
    Column(
        "in_daycare",
        "bool",
        "Child in municipal early-childhood education (full-time).",
        required=False,
        default=False,
    ),
    Column(
        "in_services",
        "bool",
        "A jobseeker in an employment-promoting service (labour market training, self-motivated study, coaching, "
        "a work or training trial, rehabilitative work) paid the unemployment benefit of their status; not one of "
        "the registered unemployed.",
        required=False,
        default=False,
    ),
    Column(
        "with_parents",
        "int8",
        "For an adult who is neither the head nor the spouse: 1 = an adult child living in the parents' home, "
        "0 = another adult of the home (a flat-sharer, a sibling or other relative), -1 = not known (then an adult "
        "of that role younger than the modelling age limit counts as living with their parents). 0 for everyone "
        "else.",
        allowed=(-1, 0, 1),
        required=False,
        default=-1,
    ),
    Column(
        "study_level",
        "int8",
        "Level of education studied at: 0 = none, 1 = general upper secondary, 2 = vocational, 3 = higher "
        "education (bachelor's or master's), 4 = postgraduate.",
        allowed=tuple(StudyLevel),
        required=False,
        default=0,
    ),
)


def column(columns: tuple[Column, ...], name: str) -> Column:
    """The column called ``name`` of ``columns`` (:data:`HOUSEHOLD_COLUMNS` or :data:`PERSON_COLUMNS`)."""
    return next(c for c in columns if c.name == name)


def empty_frame(columns: tuple[Column, ...], n: int) -> dict[str, np.ndarray]:
    return {c.name: np.zeros(n, dtype=c.dtype) for c in columns}
