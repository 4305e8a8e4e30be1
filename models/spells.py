"""Bureaucracy traps (byrokratialoukut): a household whose work comes in short spells, month by month.

The static engine (:func:`models.system.compute`) says what a household is *entitled to* in a month with given
earnings. This module adds *when the money arrives* and *how much paperwork it takes*:

1. **Calendar** (:func:`build_calendar`): the spells of the file become days of work, wages earned per month and
   wages *paid* per month (``wage_payment_lag_days`` after the end of the month of work), the days on which an
   unemployment benefit can be paid (Monday–Friday, a claim open, not in full-time work longer than
   ``short_full_time_work_days``),
   new claims after such work and the waiting period (omavastuuaika) of a claim that starts in the simulation.
2. **Entitlement** (:func:`static_months`): one vectorised :func:`~models.system.compute` over a population of
   2 × months copies of the household — each month once with the worker unemployed and once without
   unemployment benefit, both with the wages paid that month — mixed by the month's share of benefit days. This
   is the static model's answer for every month (``static_net_income``).
3. **Timing** (:func:`timed_path`): each component's entitlement for a month becomes a payment on a date, under
   one of the :class:`Alternative` regimes:

   - *today* (lagged): unemployment benefits (and general support) are paid per calendar month in arrears after
     the recipient's report, once the period's wages are in the Incomes Register (``income_register_days`` after
     the pay day) and the report is processed; a new claim waits for its first decision. The general housing
     allowance follows its decision and is revised only when income rises by at least
     ``housing_increase_threshold`` or falls by at least ``housing_decrease_threshold`` a month for at least
     ``housing_continuous_months`` months, from the month after the first full month of the change. Social
     assistance is applied for at the start of each month, decided in ``social_assistance_processing_days``
     working days and counts the money that came in earlier (``social_assistance_income_lag_months``).
   - *real-time data*: the same benefits, computed automatically from real-time Incomes Register data: paid
     ``realtime_processing_days`` after the period, no reports; the housing allowance follows last month's
     income; social assistance tops up the month's actual money.
   - *one application*: real-time data and one claim for every benefit (no monthly social-assistance
     applications, which are then never forgotten).
   - *general support*, *basic income* (or any scenario): the scenario's amounts with today's administration;
     basic income is paid on its day of every month (``payment_days``) without applying.

Money in hand in a month is what reaches the account that calendar month (after tax withheld at source, before
daycare fees: ``net_in_hand`` subtracts them, comparable to the static net income). It is compared with the
social assistance norm of today's law (basic amount + housing costs). Every timing number is a parameter of
``assumptions/parameters/timing`` with its source (the names above are fields of ``timing``);
docs/BUREAUCRACY.md lists them and the model's limits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from models.household import household_population
from models.parameters import Parameters
from models.population.schema import STATUS_NAMES, Status
from models.presets import load_presets
from models.rules.social_assistance import basic_social_assistance
from models.rules.timing import TimingParameters
from models.scenario import Scenario
from models.spells_input import SpellsFile
from models.system import ALL_COMPONENTS, EXTRA_INCOME, TAXABLE_COMPONENTS, compute

#: Benefits paid per period in arrears after a report (unemployment benefits and what replaces them).
PERIOD_BENEFITS = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "general_support",
    "participation_income",
    "negative_income_tax",
)
#: Paid once a month for the month on a fixed day (``timing.payment_days``); their amounts do not depend on timing.
MONTHLY_BENEFITS = (
    "student_aid",
    "child_benefit",
    "child_maintenance",
    "home_care_allowance",
    "parental_allowance",
    "national_pension",
    "guarantee_pension",
    "pensioners_housing_allowance",
    "basic_income",
) + EXTRA_INCOME
#: The household's main income: gaps between its payments are the "largest gap in days".
MAIN_INCOME = (
    "earnings",
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "general_support",
    "basic_income",
    "participation_income",
    "negative_income_tax",
)
#: Who pays each component (the agencies a household deals with).
PAYER = {
    "earnings": "employer",
    "earnings_related_unemployment_allowance": "unemployment_fund",
    "negative_income_tax": "tax_administration",
    "earnings_related_pension": "pension_provider",
    "other_income": "other",
}
#: Taxable components of today's law (tax is withheld from their payments); reforms add theirs by their flags.
TAXABLE = TAXABLE_COMPONENTS + EXTRA_INCOME
#: Components claimed from the employment services' register (jobseekers).
JOBSEEKER_BENEFITS = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "general_support",
    "participation_income",
)
AGENCIES = ("kela", "employment_services", "unemployment_fund", "tax_administration", "municipality")
TOLERANCE = 0.5  # EUR: smaller differences are rounding


@dataclass(frozen=True)
class Alternative:
    """A way of running the same months: the law (``scenario``, None = today's) and its administration."""

    key: str
    scenario: Scenario | None = None
    realtime: bool = False
    one_application: bool = False

    @property
    def title(self) -> str:
        return self.scenario.name if self.scenario is not None and self.scenario.name else self.key


def default_alternatives(
    general_support: Scenario | None = None, basic_income: Scenario | None = None, extra: Scenario | None = None
) -> list[Alternative]:
    """Today, real-time data, one application, general support and basic income (each with its scenario);
    ``extra`` is added as ``scenario`` unless it is one of those families (then it replaces that alternative)."""
    presets = load_presets()
    gs = general_support or presets["yleistuki_2026"].scenario
    bi = basic_income or presets["basic_income_experiment_560"].scenario
    if extra is not None and not extra.is_baseline:
        if extra.family == "general_support" or (extra.general_support.enabled and not extra.basic_income.enabled):
            gs, extra = extra, None
        elif extra.family == "basic_income" or extra.basic_income.enabled:
            bi, extra = extra, None
    out = [
        Alternative("today"),
        Alternative("realtime", realtime=True),
        Alternative("one_application", realtime=True, one_application=True),
        Alternative("general_support", scenario=gs),
        Alternative("basic_income", scenario=bi),
    ]
    if extra is not None and not extra.is_baseline:
        out.append(Alternative("scenario", scenario=extra))
    return out


# --- 1. the calendar ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Calendar:
    """Days of the simulated months (index 0 = the first day) and their monthly sums."""

    first: dt.date
    n_months: int
    month_first: tuple[dt.date, ...]
    month_last: tuple[dt.date, ...]
    month: np.ndarray  # month index of each day
    weekday: np.ndarray  # Monday–Friday
    hours: np.ndarray  # weekly hours of the spell the day belongs to (0 outside spells)
    earned: np.ndarray  # wages earned on the day, EUR
    excluded: np.ndarray  # full-time work longer than ``short_full_time_work_days``: no claim open
    claim_open: np.ndarray
    waiting: np.ndarray  # waiting-period days (weekdays of a new claim before benefit is paid)
    eligible: np.ndarray  # weekdays on which an unemployment benefit is paid (adjusted by wages)
    open_at_start: bool  # a claim was running before the first day (the waiting period served)
    claim_days: tuple[int, ...]  # days on which a new claim is made
    lag_days: int
    # monthly
    weekdays: np.ndarray
    share: np.ndarray  # benefit days / weekdays: the weight of the unemployed row
    earned_month: np.ndarray
    worked_days: np.ndarray
    claim_open_days: np.ndarray
    paid: np.ndarray  # wages paid in the month (the static engine's earnings)
    last_pay: tuple[dt.date | None, ...]  # the latest wage pay day in the month
    wage_payments: tuple[tuple[dt.date, int, float], ...]  # (pay day, month of work, gross) inside the window

    @property
    def n_days(self) -> int:
        return len(self.month)

    def date(self, day: int) -> dt.date:
        return self.first + dt.timedelta(days=int(day))

    def month_of(self, date: dt.date) -> int | None:
        """The month index of ``date``, or None outside the simulated months."""
        i = (date.year - self.first.year) * 12 + date.month - self.first.month
        return i if 0 <= i < self.n_months else None

    def month_in(self, date: dt.date) -> int:
        """The month index of ``date``, which must lie inside the simulated months."""
        k = self.month_of(date)
        if k is None:
            raise ValueError(f"{date} is outside the simulated months")
        return k

    def label(self, k: int) -> str:
        return self.month_first[k].strftime("%Y-%m")


def _months(first: dt.date, n: int) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    firsts, lasts = [], []
    y, m = first.year, first.month
    for _ in range(n):
        firsts.append(dt.date(y, m, 1))
        y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
        lasts.append(dt.date(y2, m2, 1) - dt.timedelta(days=1))
        y, m = y2, m2
    return tuple(firsts), tuple(lasts)


def _interrupting_runs(spells: SpellsFile, p: TimingParameters) -> list[tuple[dt.date, dt.date]]:
    """Runs of full-time work (more than ``adjusted_work_max_share`` of full-time hours; spells at most a weekend
    apart join) longer than ``short_full_time_work_days``: they interrupt the unemployment benefit
    (Työttömyysturvalaki 1290/2002, 4 luku; Kela – Soviteltu työttömyysetuus)."""
    full = sorted(
        (s.start, s.end) for s in spells.spells if s.hours_per_week > p.adjusted_work_max_share * p.full_time_hours
    )
    runs: list[list[dt.date]] = []
    for start, end in full:
        if runs and (start - runs[-1][1]).days <= 3:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(a, b) for a, b in runs if (b - a).days + 1 > p.short_full_time_work_days]


def _claim_days(
    excluded: np.ndarray, weekday: np.ndarray, hours: np.ndarray, waiting_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """Days the claim is open, waiting days and days with a right to the benefit, and the days claims start."""
    n = len(excluded)
    claim_open = np.zeros(n, dtype=bool)
    waiting = np.zeros(n, dtype=bool)
    eligible = np.zeros(n, dtype=bool)
    is_open = waiting_set = not bool(excluded[0])
    waiting_left, claims = 0, []
    for d in range(n):  # one household's days (at most 25 months): a short loop, not a population loop
        if excluded[d]:
            is_open = False
            continue
        if not is_open:
            is_open = True
            claims.append(d)
            if not waiting_set:
                waiting_left, waiting_set = waiting_days, True
        claim_open[d] = True
        if weekday[d]:
            if waiting_left > 0:
                waiting[d] = True
                if hours[d] == 0:  # only days without work count towards the waiting period
                    waiting_left -= 1
            else:
                eligible[d] = True
    return claim_open, waiting, eligible, tuple(claims)


def _wage_payments(
    first: dt.date, month_last: tuple[dt.date, ...], earned_month: np.ndarray, lag: int
) -> tuple[np.ndarray, tuple[dt.date | None, ...], tuple[tuple[dt.date, int, float], ...]]:
    """Wages paid in each month ``lag`` days after the month they were earned in, the last pay day of each month,
    and every payment (pay day, month earned (−1: the month before the first), amount)."""
    M = len(month_last)
    paid = np.zeros(M)
    last_pay: list[dt.date | None] = [None] * M
    wage_payments = []
    ends = (first - dt.timedelta(days=1),) + month_last
    amounts = np.r_[earned_month[0], earned_month]  # the month before the first is like the first
    for j, (end, amount) in enumerate(zip(ends, amounts, strict=True), start=-1):
        pay_day = end + dt.timedelta(days=lag)
        k = (pay_day.year - first.year) * 12 + pay_day.month - first.month
        if amount > 0 and 0 <= k < M:
            paid[k] += amount
            previous = last_pay[k]
            last_pay[k] = pay_day if previous is None else max(previous, pay_day)
            wage_payments.append((pay_day, j, float(amount)))
    return paid, tuple(last_pay), tuple(wage_payments)


def build_calendar(spells: SpellsFile, p: TimingParameters) -> Calendar:
    """Days of work, wages earned and paid, benefit days, claims and the waiting period of the simulated months.

    The month before the first is assumed to be like the first (its wages and benefits are paid in the first
    month). A claim is open at the start unless the first day is in interrupting full-time work; a claim that
    starts inside the simulation (after such work) waits for its first decision, and the first one also serves
    the waiting period of ``waiting_days`` unemployment days (Työttömyysturvalaki 1290/2002, 5 luku 14 §).
    """
    first, last = spells.first_day, spells.last_day
    n = (last - first).days + 1
    M = spells.months
    month_first, month_last = _months(first, M)
    ords = first.toordinal() + np.arange(n)
    dates = np.array([first + dt.timedelta(days=i) for i in range(n)])
    month = np.array([(d.year - first.year) * 12 + d.month - first.month for d in dates], dtype=np.int64)
    weekday = (ords - 1) % 7 < 5  # date.toordinal() 1 is a Monday
    hours = np.zeros(n)
    rate = np.zeros(n)
    for s in spells.spells:
        a, b = (s.start - first).days, (s.end - first).days + 1
        hours[a:b] = s.hours_per_week
        rate[a:b] = s.hourly_wage
    earned = np.where(weekday, hours / 5.0 * rate, 0.0)
    excluded = np.zeros(n, dtype=bool)
    for run_start, run_end in _interrupting_runs(spells, p):
        excluded[max((run_start - first).days, 0) : (run_end - first).days + 1] = True

    claim_open, waiting, eligible, claims = _claim_days(excluded, weekday, hours, p.waiting_days)
    open_at_start = not bool(excluded[0])

    def monthly(x) -> np.ndarray:
        return np.bincount(month, weights=np.asarray(x, dtype=np.float64), minlength=M)

    weekdays = monthly(weekday)
    share = monthly(eligible) / np.maximum(weekdays, 1)
    earned_month = monthly(earned)

    lag = p.wage_payment_lag_days if spells.wage_payment_lag_days is None else spells.wage_payment_lag_days
    paid, last_pay, wage_payments = _wage_payments(first, month_last, earned_month, lag)
    return Calendar(
        first=first,
        n_months=M,
        month_first=month_first,
        month_last=month_last,
        month=month,
        weekday=weekday,
        hours=hours,
        earned=earned,
        excluded=excluded,
        claim_open=claim_open,
        waiting=waiting,
        eligible=eligible,
        open_at_start=open_at_start,
        claim_days=claims,
        lag_days=lag,
        weekdays=weekdays,
        share=share,
        earned_month=earned_month,
        worked_days=monthly(weekday & (hours > 0)),
        claim_open_days=monthly(claim_open & weekday),
        paid=paid,
        last_pay=last_pay,
        wage_payments=wage_payments,
    )


# --- 2. entitlement: the static engine, every month at once -----------------------------------------------------
STATIC_KEYS = (
    ALL_COMPONENTS
    + EXTRA_INCOME
    + (
        "income_tax",
        "social_contributions",
        "social_assistance_norm",
        "net_income",
        "disposable_income",
    )
)


def static_months(
    spells: SpellsFile, cal: Calendar, params: Parameters, scenario: Scenario | None = None
) -> dict[str, np.ndarray]:
    """Each month's entitlement (EUR/month, household level) from one run of the static engine.

    Rows 0…M−1 are the household with the worker unemployed (``unemployed_status``), rows M…2M−1 with the worker
    not entitled to unemployment benefit (status employed); both have the wages paid that month. A month mixes
    the two by its share of benefit days (waiting days and interrupting full-time work count as no-benefit days).
    Also returns ``sa_disregard`` (the earned-income disregard of social assistance) and ``tax_rate`` (income tax
    and contributions as a share of the month's taxable income, withheld from each taxable payment).
    """
    M = cal.n_months
    pop = household_population(spells.household, np.zeros(2 * M))
    per_household = len(pop.persons["age"]) // (2 * M)
    worker = np.arange(2 * M) * per_household + spells.worker
    earnings = pop.persons["earnings"].astype(np.float64).copy()
    status = pop.persons["status"].copy()
    earnings[worker] = np.tile(cal.paid, 2)
    status[worker] = np.r_[np.full(M, STATUS_NAMES[spells.unemployed_status]), np.full(M, Status.EMPLOYED)].astype(
        status.dtype
    )
    res = compute(pop, params, scenario, earnings=earnings, status=status)
    s = cal.share
    out: dict[str, np.ndarray] = {}
    for k in STATIC_KEYS:
        v = res.household[k]
        out[k] = s * v[:M] + (1 - s) * v[M:]
    d = pop.hh_sum(res.person["social_assistance_earned_income_disregard"])
    out["sa_disregard"] = s * d[:M] + (1 - s) * d[M:]
    taxable = sum(out[k] for k in _taxable(scenario))
    tax = out["income_tax"] + out["social_contributions"]
    out["tax_rate"] = np.clip(np.where(taxable > TOLERANCE, tax / np.maximum(taxable, TOLERANCE), 0.0), 0.0, 0.99)
    # The housing allowance's income: gross income of the household without the allowances themselves.
    not_income = {
        "housing_allowance",
        "pensioners_housing_allowance",
        "social_assistance",
        "child_benefit",
        "daycare_fees",
    }
    out["housing_income"] = sum((out[k] for k in ALL_COMPONENTS + EXTRA_INCOME if k not in not_income), np.zeros(M))
    return out


def _taxable(scenario: Scenario | None) -> tuple[str, ...]:
    extra = []
    if scenario is not None:
        if scenario.basic_income.enabled and scenario.basic_income.taxable:
            extra.append("basic_income")
        if scenario.general_support.enabled and scenario.general_support.taxable:
            extra.append("general_support")
        if scenario.participation_income.enabled and scenario.participation_income.taxable:
            extra.append("participation_income")
    return TAXABLE + tuple(extra)


# --- 3. timing ---------------------------------------------------------------------------------------------------
@dataclass
class Payment:
    date: dt.date
    component: str
    amount: float  # EUR, after tax withheld
    period: int | None  # the month the payment is for (−1: the month before the first), None for wages of others

    @property
    def payer(self) -> str:
        return PAYER.get(self.component, "kela")


@dataclass
class SpellsPath:
    """One alternative's months: payments, money in hand, the norm, applications and reports."""

    alternative: Alternative
    payments: list[Payment]
    in_hand: np.ndarray
    net_in_hand: np.ndarray
    static_net_income: np.ndarray
    norm: np.ndarray
    social_assistance: np.ndarray
    received: dict[str, np.ndarray]
    applications: dict[str, int]
    reports: dict[str, int]
    agencies: tuple[str, ...]
    metrics: dict = field(default_factory=dict)


def _day_in_month(first_of_month: dt.date, day: int) -> dt.date:
    nxt = dt.date(first_of_month.year + (first_of_month.month == 12), first_of_month.month % 12 + 1, 1)
    return min(first_of_month.replace(day=1) + dt.timedelta(days=day - 1), nxt - dt.timedelta(days=1))


def period_payment_day(cal: Calendar, j: int, p: TimingParameters, realtime: bool) -> dt.date:
    """When the unemployment benefit (or general support) for month ``j`` (−1: the month before) is paid.

    Today: the recipient reports the ended period (``report_delay_days``); if wages were paid in it, Kela waits
    for them in the Incomes Register (``income_register_days`` after the pay day); then the report is processed
    (``report_processing_days`` with work, ``…_no_work`` without). A claim made inside the simulation is paid no
    earlier than its first decision (``first_decision_days`` after the claim). With real-time data the period is
    paid ``realtime_processing_days`` after it ends. (Kela – Työttömyyden aikana; Vero – Tulorekisteri.)
    """
    k = max(j, 0)
    end = cal.first - dt.timedelta(days=1) if j < 0 else cal.month_last[j]
    if realtime:
        pay = end + dt.timedelta(days=p.realtime_processing_days)
    else:
        info = end + dt.timedelta(days=p.report_delay_days)
        if cal.paid[k] > 0:
            last = cal.last_pay[k] if j >= 0 else end
            assert last is not None  # a month with wages paid has a last pay day
            info = max(info, last + dt.timedelta(days=p.income_register_days))
        work = cal.paid[k] > 0 or cal.worked_days[k] > 0
        pay = info + dt.timedelta(days=p.report_processing_days if work else p.report_processing_days_no_work)
    claims = [d for d in cal.claim_days if cal.date(d) <= end]
    if claims:
        pay = max(pay, cal.date(claims[-1]) + dt.timedelta(days=p.first_decision_days))
    return pay


def _housing_today(S: dict, cal: Calendar, p: TimingParameters) -> tuple[list[tuple[dt.date, int, float]], int]:
    """The general housing allowance under today's revision rules: payments (date, month, amount) and revisions.

    The decision in force at the start reflects the first month. From then on a month whose income differs from
    the decision's by at least +``housing_increase_threshold`` or −``housing_decrease_threshold`` in every one of
    it and the next ``housing_continuous_months`` − 1 months (a continuous change; shorter ones fall into the
    12-month average; a change in the last months, which cannot be seen to last, is not revised) triggers a
    revision from the following month; the application, made on the 1st of the
    month of the change, is decided in ``housing_processing_days``; a change decided after a pay day is settled
    on the decision day (Kela – Asumistuen tarkistaminen; Kela – Vaihtelevat tulot ja yleinen asumistuki).
    """
    M = cal.n_months
    ha, inc = S["housing_allowance"], S["housing_income"]
    decision = np.zeros(M, dtype=np.int64)
    revisions = []  # (trigger month, previous decision month)
    d, pending = 0, None
    for k in range(M):
        if pending is not None and pending[0] + 1 == k:
            d, pending = pending[0], None
        decision[k] = d
        if k == 0 or pending is not None or k + p.housing_continuous_months > M:
            continue  # a change in the last months cannot be seen to last: no revision
        window = inc[k : k + p.housing_continuous_months] - inc[d]
        if np.all(window >= p.housing_increase_threshold) or np.all(window <= -p.housing_decrease_threshold):
            pending = (k, d)
            if abs(ha[k] - ha[d]) > TOLERANCE:
                revisions.append((k, d))
    pay_day = p.payment_days["housing_allowance"]
    out = []
    for m in range(M):
        out.append((_day_in_month(cal.month_first[m], pay_day), m, float(ha[decision[m]])))
    for k, old in revisions:
        decided = cal.month_first[k] + dt.timedelta(days=p.housing_processing_days)
        for m in range(k + 1, M):
            if decision[m] != k:
                break
            if _day_in_month(cal.month_first[m], pay_day) < decided:  # paid at the old amount, settled later
                out[m] = (out[m][0], m, float(ha[old]))
                out.append((decided, m, float(ha[k] - ha[old])))
    return out, len(revisions)


def _sa_pay_day(first_of_month: dt.date, working_days: int) -> dt.date:
    """Applied on the first working day of the month and paid ``working_days`` working days later."""
    start = np.busday_offset(np.datetime64(first_of_month, "D"), 0, roll="forward")
    return np.busday_offset(start, working_days, roll="forward").astype(dt.date)


@dataclass
class _Ledger:
    """The payments of one alternative inside the simulated window, each net of the tax withheld."""

    cal: Calendar
    tax_rate: np.ndarray
    taxable: set[str]
    payments: list[Payment] = field(default_factory=list)

    def add(self, date: dt.date, comp: str, amount: float, period: int | None) -> None:
        if self.cal.first <= date <= self.cal.month_last[-1] and abs(amount) > 0.005:
            self.payments.append(Payment(date, comp, float(amount), period))

    def net(self, comp: str, amount: float, k: int) -> float:
        return amount * (1 - self.tax_rate[k]) if comp in self.taxable else amount

    def by_month(self) -> np.ndarray:
        cash = np.zeros(self.cal.n_months)
        for pay in self.payments:
            cash[self.cal.month_in(pay.date)] += pay.amount
        return cash


def timed_path(
    spells: SpellsFile, cal: Calendar, S: dict, base: dict, alt: Alternative, params: Parameters
) -> SpellsPath:
    """The alternative's money month by month: every entitlement of ``S`` (its scenario's :func:`static_months`)
    paid on its date, social assistance decided on the money that has come in, counts of applications and reports.
    ``base`` is today's :func:`static_months` (its norm is the yardstick of every alternative)."""
    ledger = _Ledger(cal, S["tax_rate"], set(_taxable(alt.scenario)))
    housing_revisions = _pay_entitlements(ledger, S, alt, params.timing)
    cash = ledger.by_month()
    sa = _social_assistance_paid(ledger, spells, S, alt, cash, params)
    in_hand = cash + sa
    payments = sorted(ledger.payments, key=lambda x: (x.date, x.component))
    received: dict[str, np.ndarray] = {}
    for pay in payments:
        received.setdefault(pay.component, np.zeros(cal.n_months))[cal.month_in(pay.date)] += pay.amount
    applications, reports, agencies = _paperwork(spells, cal, S, alt, sa, housing_revisions, received)
    norm = base["social_assistance_norm"] - base["daycare_fees"]
    path = SpellsPath(
        alternative=alt,
        payments=payments,
        in_hand=in_hand,
        net_in_hand=in_hand - S["daycare_fees"],
        static_net_income=S["net_income"].copy(),
        norm=norm,
        social_assistance=sa,
        received=received,
        applications=applications,
        reports=reports,
        agencies=agencies,
    )
    path.metrics = path_metrics(path, cal)
    return path


def _pay_entitlements(ledger: _Ledger, S: dict, alt: Alternative, p: TimingParameters) -> int:
    """Wages, benefits paid per period in arrears, monthly benefits and the housing allowance on their days.

    Returns the number of housing-allowance revisions (applications) under today's rules."""
    cal, add, net = ledger.cal, ledger.add, ledger.net
    M = cal.n_months
    # Wages: the worker's on their pay days; other adults' on the last day of each month.
    for pay_day, j, gross in cal.wage_payments:
        k = cal.month_in(pay_day)
        add(pay_day, "earnings", net("earnings", gross, k), max(j, 0))
    for k in range(M):
        others = S["earnings"][k] - cal.paid[k]
        if others > TOLERANCE:
            add(cal.month_last[k], "earnings", net("earnings", others, k), None)
    # Benefits paid per period in arrears.
    periods = ([-1] if cal.open_at_start else []) + list(range(M))
    for comp in PERIOD_BENEFITS:
        for j in periods:
            amount = S[comp][max(j, 0)]
            if amount > 0.005:
                realtime = alt.realtime or comp == "negative_income_tax"
                add(period_payment_day(cal, j, p, realtime), comp, net(comp, amount, max(j, 0)), j)
    # Benefits paid monthly on a fixed day.
    for comp in MONTHLY_BENEFITS:
        day = p.payment_days[comp]
        for k in range(M):
            add(_day_in_month(cal.month_first[k], day), comp, net(comp, S[comp][k], k), k)
    # The general housing allowance.
    if alt.realtime:
        ha = S["housing_allowance"]
        ha_day = p.payment_days["housing_allowance"]
        for k in range(M):
            add(_day_in_month(cal.month_first[k], ha_day), "housing_allowance", ha[max(k - 1, 0)], k)
        return 0
    ha_payments, housing_revisions = _housing_today(S, cal, p)
    for date, k, amount in ha_payments:
        add(date, "housing_allowance", amount, k)
    return housing_revisions


def _social_assistance_paid(
    ledger: _Ledger, spells: SpellsFile, S: dict, alt: Alternative, cash: np.ndarray, params: Parameters
) -> np.ndarray:
    """Social assistance decided on the money that has come in (last month's, or this month's with real-time
    data), paid on its processing day."""
    cal, p = ledger.cal, params.timing
    M = cal.n_months
    steady = S["disposable_income"][0] - S["social_assistance"][0]  # the month before the first, as in the static run
    if alt.realtime:
        resources = cash - S["sa_disregard"]
    else:
        lag = p.social_assistance_income_lag_months
        before = np.r_[np.full(lag, steady - S["sa_disregard"][0]), cash - S["sa_disregard"]]
        resources = before[:M]
    applies = spells.applies_for_social_assistance or alt.one_application
    eligible = np.full(M, applies and not spells.household.has_assets)
    sa = basic_social_assistance(
        eligible, S["social_assistance_norm"], np.zeros(M), np.zeros(M), resources, params.social_assistance
    )
    for k in range(M):
        ledger.add(_sa_pay_day(cal.month_first[k], p.social_assistance_processing_days), "social_assistance", sa[k], k)
    return sa


def _paperwork(
    spells: SpellsFile,
    cal: Calendar,
    S: dict,
    alt: Alternative,
    sa: np.ndarray,
    housing_revisions: int,
    received: dict[str, np.ndarray],
) -> tuple[dict[str, int], dict[str, int], tuple[str, ...]]:
    """Applications, reports and the agencies the household deals with."""
    claimant = any(S[c].max() > TOLERANCE for c in JOBSEEKER_BENEFITS)
    benefit_after = [sum(S[c][cal.month[d] :].sum() for c in JOBSEEKER_BENEFITS) for d in cal.claim_days]
    claims = sum(1 for b in benefit_after if b > TOLERANCE)
    applications = {"unemployment_claims": claims}
    if alt.one_application:
        applications.update({"housing_allowance": 0, "social_assistance": 0})
    else:
        applications["housing_allowance"] = housing_revisions
        applications["social_assistance"] = int(np.sum(sa > TOLERANCE))
    report_months = int(np.sum(cal.claim_open_days > 0)) if claimant and not alt.realtime else 0
    reports = {"unemployment_reports": report_months}
    agencies = set()
    for comp, amounts in received.items():
        payer = PAYER.get(comp, "kela")
        if payer in AGENCIES and np.any(np.abs(amounts) > TOLERANCE):
            agencies.add(payer)
    if claimant:
        agencies.add("employment_services")
    if spells.spells:
        agencies.add("tax_administration")  # a tax card for every new employer
    if np.any(S["daycare_fees"] > TOLERANCE):
        agencies.add("municipality")
    return applications, reports, tuple(a for a in AGENCIES if a in agencies)


# --- 4. metrics ---------------------------------------------------------------------------------------------------
def largest_gap_days(payments: list[Payment], cal: Calendar) -> int:
    """The longest wait, in days, between two payments of main income (wages, unemployment benefits, general
    support, basic income …) inside the simulated months; the first and the day after the last day bound it."""
    days = sorted(
        {(pay.date - cal.first).days for pay in payments if pay.component in MAIN_INCOME and pay.amount > TOLERANCE}
    )
    points = np.array([0] + days + [cal.n_days])
    return int(np.max(np.diff(points))) if len(points) > 1 else cal.n_days


def path_metrics(path: SpellsPath, cal: Calendar) -> dict:
    x = path.net_in_hand
    below = x < path.norm - TOLERANCE
    mean = float(np.mean(x))
    return {
        "months_below_norm": int(below.sum()),
        "shortfall_eur": float(np.sum(np.maximum(path.norm - x, 0.0) * below)),
        "largest_gap_days": largest_gap_days(path.payments, cal),
        "volatility": float(np.std(x) / mean) if mean > TOLERANCE else 0.0,
        "mean_net_in_hand": mean,
        "applications": int(sum(path.applications.values())),
        "reports": int(sum(path.reports.values())),
        "agencies": len(path.agencies),
    }


# --- everything ----------------------------------------------------------------------------------------------------
@dataclass
class SpellsRun:
    spells: SpellsFile
    calendar: Calendar
    paths: dict[str, SpellsPath]

    def to_dict(self) -> dict:
        """JSON-ready: the months of every alternative, its payments and metrics."""
        cal = self.calendar
        out: dict[str, Any] = {
            "start": self.spells.start,
            "months": self.spells.months,
            "first_day": cal.first.isoformat(),
            "last_day": cal.month_last[-1].isoformat(),
            "wage_payment_lag_days": cal.lag_days,
            "claim_open_at_start": cal.open_at_start,
            "waiting_days": [cal.date(int(d)).isoformat() for d in np.flatnonzero(cal.waiting & cal.weekday)],
            "alternatives": {},
        }
        for key, path in self.paths.items():
            months = []
            for k in range(cal.n_months):
                months.append(
                    {
                        "month": cal.label(k),
                        "earned": round(float(cal.earned_month[k]), 2),
                        "wages_paid": round(float(cal.paid[k]), 2),
                        "benefit_days_share": round(float(cal.share[k]), 4),
                        "in_hand": round(float(path.in_hand[k]), 2),
                        "net_in_hand": round(float(path.net_in_hand[k]), 2),
                        "static_net_income": round(float(path.static_net_income[k]), 2),
                        "norm": round(float(path.norm[k]), 2),
                        "below_norm": bool(path.net_in_hand[k] < path.norm[k] - TOLERANCE),
                        "social_assistance": round(float(path.social_assistance[k]), 2),
                        "received": {c: round(float(v[k]), 2) for c, v in path.received.items() if abs(v[k]) > 0.005},
                    }
                )
            sc = path.alternative.scenario
            out["alternatives"][key] = {
                "scenario": None if sc is None else (sc.name or sc.family),
                "family": "baseline" if sc is None else sc.family,
                "realtime": path.alternative.realtime,
                "one_application": path.alternative.one_application,
                "metrics": path.metrics,
                "applications": path.applications,
                "reports": path.reports,
                "agencies": list(path.agencies),
                "months": months,
                "payments": [
                    {
                        "date": pay.date.isoformat(),
                        "component": pay.component,
                        "payer": pay.payer,
                        "amount": round(pay.amount, 2),
                        "for_month": None
                        if pay.period is None
                        else (cal.label(pay.period) if pay.period >= 0 else "before"),
                    }
                    for pay in path.payments
                ],
            }
        return out


def simulate(spells: SpellsFile, params: Parameters, alternatives: list[Alternative] | None = None) -> SpellsRun:
    """Every alternative's months (default: :func:`default_alternatives`). One static run per distinct scenario.

    Each alternative's scenario is read against the law of ``params`` (:meth:`models.scenario.Scenario.at_law`),
    so the months follow the chosen law date whatever law the preset was written for."""
    alternatives = default_alternatives() if alternatives is None else alternatives
    if params.date is not None:
        law = params.date
        alternatives = [
            a if a.scenario is None or a.scenario.law == law else replace(a, scenario=a.scenario.at_law(law))
            for a in alternatives
        ]
    cal = build_calendar(spells, params.timing)
    cache: dict[str, dict] = {}

    def static(sc: Scenario | None) -> dict:
        key = "" if sc is None or sc.is_baseline else sc.model_dump_json()
        if key not in cache:
            cache[key] = static_months(spells, cal, params, None if key == "" else sc)
        return cache[key]

    base = static(None)
    paths = {a.key: timed_path(spells, cal, static(a.scenario), base, a, params) for a in alternatives}
    return SpellsRun(spells, cal, paths)
