"""Basic social assistance (perustoimeentulotuki), Laki toimeentulotuesta 1412/1997.

Kela pays basic social assistance as the difference between the household's (the family's) basic
expenses and its net resources: the basic amount of each member (perusosa, 9 §) plus other basic
expenses, mainly housing costs (7 a §, 7 b §), less income after taxes and benefits (11 §), in which the
first euros of each person's monthly earnings are not counted: for everyone until 28.2.2026, from 1.3.2026 only
for persons under 18 (law 26/2026; see :func:`social_assistance_earned_income_disregard`).

Kela: https://www.kela.fi/toimeentulotuki ; https://www.kela.fi/toimeentulotuki-perusosan-maara
"""

from __future__ import annotations

import numpy as np
from pydantic import field_validator

from models.parameter_types import FrozenModel, Share
from models.population.schema import Role
from models.rules.housing import CostRow, cost_cap, validate_cost_table

#: Age of majority: under it a person gets a child's basic amount (1412/1997, 9 §).
ADULT_AGE = 18


class BasicAmountShares(FrozenModel):
    """Basic amounts as shares of the single person's amount (Laki toimeentulotuesta 1412/1997, 9 §)."""

    single: float  # living alone (yksin asuva)
    with_partner: float  # each adult of a couple (puolisot, yhteistaloudessa asuva 18 v täyttänyt)
    single_parent: float  # yksinhuoltaja
    adult_with_parents: float  # ``ADULT_AGE`` or older living with their parent(s)
    child_older: tuple[float, float, float]  # children from ``older_child_age``: 1st, 2nd, 3rd and each further
    child_younger: tuple[float, float, float]  # children under ``older_child_age``: 1st, 2nd, 3rd and each further


class SocialAssistanceParameters(FrozenModel):
    """Parameters of basic social assistance (one YAML file per field)."""

    basic_amount: float
    basic_amount_shares: BasicAmountShares
    older_child_age: int
    #: Persons aged ``ADULT_AGE`` or over (abolished from 1.3.2026: 0).
    earned_income_disregard: float
    #: Persons under ``ADULT_AGE`` (kept after 1.3.2026).
    earned_income_disregard_minor: float
    housing_cost_norm: dict[int, CostRow]
    #: Months of a year the costs above the norm are accepted in full (7 a §; spread over the year).
    housing_cost_transition_months: float
    water_per_person: float
    #: The normative household electricity bill of a home: a fixed part and a part for each person (7 b §).
    electricity_per_household: float
    electricity_per_person: float
    take_up_rate: Share
    #: The take-up of applicant units with earnings (estimated from Kela's share of paid units with earnings).
    take_up_rate_with_earnings: Share
    #: Students from this age count the student loan they could draw as income (Kela's practice since 8/2017).
    student_loan_min_age: int
    #: The part of a per-person share of the home's housing costs that an adult child living with the parents carries.
    adult_child_housing_share: Share

    @field_validator("housing_cost_norm")
    @classmethod
    def _three_groups(cls, v: dict[int, CostRow]) -> dict[int, CostRow]:
        return validate_cost_table(v)

    @field_validator("housing_cost_transition_months")
    @classmethod
    def _months(cls, v: float) -> float:
        if not 0.0 <= v <= 12.0:
            raise ValueError("must be between 0 and 12 months")
        return v


def _cents(x: np.ndarray) -> np.ndarray:
    """Round half up to whole cents, as Kela's published amounts are."""
    return np.floor(np.asarray(x, dtype=np.float64) * 100.0 + 0.5 + 1e-9) / 100.0


def social_assistance_basic_amount(
    age, role, child_rank, has_partner, single_parent, p: SocialAssistanceParameters, with_parents=None
) -> np.ndarray:
    """Basic amount (perusosa) of each person, EUR/month per person.

    Shares of the single person's basic amount (Laki toimeentulotuesta 1412/1997, 9 §; Kela – Perusosan
    määrä), each rounded to the cent:

    * a single adult (head without a partner or children under ``ADULT_AGE``): ``single``;
    * each adult of a couple (``has_partner``): ``with_partner``;
    * a single parent (``single_parent``, True for the head of a one-parent family): ``single_parent``;
    * an adult (``ADULT_AGE`` or older) living with their parents (an adult ``CHILD``, or ``role == OTHER_ADULT``
      where ``with_parents``): ``adult_with_parents``;
    * any other adult of the home (``role == OTHER_ADULT`` where not ``with_parents``: a sibling, a grandparent, a
      flat-sharer): ``with_partner``, the share of every adult who lives with another (Kela: "yhteistaloudessa
      asuva yli 18-vuotias");
    * children (``role == CHILD``, and any other person under ``ADULT_AGE`` except a head or spouse):
      ``child_older`` from ``older_child_age``, ``child_younger`` below it, each a falling share for the
      1st/2nd/3rd-and-further child by ``child_rank`` (1 = the oldest child).

    The names are fields of ``social_assistance.basic_amount_shares``; the shares change from 1.3.2026 (see the
    parameter file).

    ``with_parents`` (bool per person) says which adults of role ``OTHER_ADULT`` live with their parents; without
    it every one of them is taken to (the 73 % share).

    Simplified: the reduced basic amount (alennettu perusosa, 10 §) and the 2026 cut for not applying
    for primary benefits are not modelled; a flat-sharer who keeps a household of their own (erillistalous, the
    single person's amount) is not told apart from one who shares it.
    """
    s = p.basic_amount_shares
    age = np.asarray(age)
    role = np.asarray(role)
    rank = np.clip(np.asarray(child_rank, dtype=np.int64), 1, 3) - 1
    older = np.asarray(s.child_older, dtype=np.float64)[rank]
    younger = np.asarray(s.child_younger, dtype=np.float64)[rank]
    child_share = np.where(age >= p.older_child_age, older, younger)

    head_or_spouse = (role == Role.HEAD) | (role == Role.SPOUSE)
    is_child = ~head_or_spouse & (age < ADULT_AGE)
    adult_share = np.where(
        np.asarray(single_parent, dtype=bool),
        s.single_parent,
        np.where(np.asarray(has_partner, dtype=bool), s.with_partner, s.single),
    )
    at_home = (role == Role.CHILD) | (
        np.ones(role.shape, dtype=bool) if with_parents is None else np.asarray(with_parents, dtype=bool)
    )
    other_share = np.where(at_home, s.adult_with_parents, s.with_partner)
    share = np.where(is_child, child_share, np.where(head_or_spouse, adult_share, other_share))
    return _cents(p.basic_amount * share)


def separate_applicant(age, role) -> np.ndarray:
    """True for a member of the home who applies for basic social assistance on their own, bool per person.

    The family whose needs and means are tested together is the spouses and the minor children living with them
    (Laki toimeentulotuesta 1412/1997, 3 §); an adult who is neither the head nor the head's spouse — an adult
    child living with their parents, a flat-sharer — is a family of their own. Kela counts each such applicant as
    a household of its own (Kela, Tilasto perustoimeentulotuesta, käsitteet: "muut yhden hengen kotitaloudet",
    those who apply alone but do not live alone).
    """
    role = np.asarray(role)
    return (np.asarray(age) >= ADULT_AGE) & (role != Role.HEAD) & (role != Role.SPOUSE)


def housing_weight(separate, with_parents, p: SocialAssistanceParameters) -> np.ndarray:
    """How many per-person shares of the home's housing costs each person's applicant unit carries for them, per
    person: 1 for the head's family and for a flat-sharer, ``adult_child_housing_share`` for an adult child applying
    on their own in the parents' home (its parameter file says why this is an assumption)."""
    return np.where(
        np.asarray(separate, dtype=bool) & np.asarray(with_parents, dtype=bool), p.adult_child_housing_share, 1.0
    )


def per_capita_share(weight, n_persons) -> np.ndarray:
    """The share of the home's housing costs, and of the housing allowance paid towards them, that an applicant unit
    carries: its persons' housing weights (:func:`housing_weight`) over the home's persons.

    Where the persons of one home form more than one family (Laki toimeentulotuesta 1412/1997, 3 §), the home's
    housing costs (7 a §) are divided between the families by the number of persons."""
    n = np.maximum(np.asarray(n_persons, dtype=np.float64), 1.0)
    return np.asarray(weight, dtype=np.float64) / n


def social_assistance_earned_income_disregard(earnings, age, p: SocialAssistanceParameters) -> np.ndarray:
    """Earned-income disregard (ansiotulovähennys), EUR/month per person.

    Kela leaves each person's monthly wage income up to a limit uncounted: the disregard is
    ``min(earnings, limit)``. Laki toimeentulotuesta 1412/1997, 11 § 3 mom.; Kela – Tulot, jotka eivät vaikuta
    toimeentulotukeen. The limit is ``earned_income_disregard`` for persons aged ``ADULT_AGE`` or over and
    ``earned_income_disregard_minor`` for younger ones. Until 28.2.2026 the two were the same; from 1.3.2026 the
    amendment 26/2026 (HE 116/2025) abolished the adults' disregard (the parameter is 0) and kept the minors'.

    A minor's limit is the larger of the two, so a reform that raises the adults' disregard above the minors'
    reaches minors as well (in the law the minors' limit is never the smaller one).
    """
    minor = np.asarray(age) < ADULT_AGE
    limit = np.where(minor, max(p.earned_income_disregard_minor, p.earned_income_disregard), p.earned_income_disregard)
    return np.minimum(np.maximum(np.asarray(earnings, dtype=np.float64), 0.0), limit)


def claims(draw, has_earnings, p: SocialAssistanceParameters) -> np.ndarray:
    """Whether each applicant unit claims basic social assistance it is entitled to: its take-up draw (uniform on
    [0, 1)) below ``take_up_rate_with_earnings`` when the unit has earnings in the month, below ``take_up_rate``
    otherwise. Take-up is a behaviour, not a rule of law; the rates are parameters with their sources."""
    rate = np.where(np.asarray(has_earnings, dtype=bool), p.take_up_rate_with_earnings, p.take_up_rate)
    return np.asarray(draw, dtype=np.float64) < rate


def social_assistance_housing_cost(
    housing_cost, n_persons, municipality_group, p: SocialAssistanceParameters
) -> np.ndarray:
    """Housing costs accepted in basic social assistance, EUR/month per household.

    The rent (heating included) up to the necessary housing costs (asumisnormi) of the household's municipality
    group and size, plus the normative water charge for each person. Since 1.4.2024 the norms are set municipality by
    municipality in a government decree; costs above the norm are accepted in full for a period while the client is
    directed to a cheaper home, and at the norm after it (Laki toimeentulotuesta 1412/1997, 7 a § as amended by HE
    58/2023). The model has no spells, so an average month accepts ``housing_cost_transition_months`` twelfths of
    the rent above the norm: ``min(rent, m/12 × rent + (1 − m/12) × norm)``. One norm per group and size: the mean
    of the decree's municipal amounts (see ``housing_cost_norm``).
    """
    n = np.maximum(np.asarray(n_persons, dtype=np.float64), 1.0)
    rent = np.maximum(np.asarray(housing_cost, dtype=np.float64), 0.0)
    norm = cost_cap(p.housing_cost_norm, n, municipality_group)
    share = p.housing_cost_transition_months / 12.0
    return np.minimum(rent, share * rent + (1.0 - share) * norm) + p.water_per_person * n


def social_assistance_household_electricity(n_persons, p: SocialAssistanceParameters) -> np.ndarray:
    """Household electricity accepted in basic social assistance, EUR/month per home.

    Household electricity (taloussähkö) is one of the other basic expenses Kela accepts at its actual reasonable
    amount (Laki toimeentulotuesta 1412/1997, 7 b §). The population has no electricity bills, so a normative bill
    stands in: ``electricity_per_household + electricity_per_person × persons``, the home's cost like the housing
    costs (split per capita between its applicant units by the engine).
    """
    n = np.maximum(np.asarray(n_persons, dtype=np.float64), 1.0)
    return p.electricity_per_household + p.electricity_per_person * n


def basic_social_assistance(
    eligible, basic_amount, housing_cost, other_expenses, income, p: SocialAssistanceParameters
) -> np.ndarray:
    """Basic social assistance (perustoimeentulotuki), EUR/month per household.

    ``max(0, basic amounts + housing costs + other basic expenses − income)``, 0 where not ``eligible``.
    ``income`` is the household's net resources after taxes, including benefits and the general housing
    allowance, already net of the earned-income disregard. Laki toimeentulotuesta 1412/1997, 1 § and
    6 §–11 §; Kela – Näin perustoimeentulotuki lasketaan. No minimum payable amount was found for basic
    social assistance, so none is applied. Assets (other than the engine's ``has_assets`` flag), one-off
    income and the 2026 obligations are not modelled.
    """
    need = (
        np.asarray(basic_amount, dtype=np.float64)
        + np.asarray(housing_cost, dtype=np.float64)
        + np.asarray(other_expenses, dtype=np.float64)
        - np.asarray(income, dtype=np.float64)
    )
    return np.where(np.asarray(eligible, dtype=bool), np.maximum(need, 0.0), 0.0)
