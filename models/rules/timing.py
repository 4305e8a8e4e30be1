"""Payment timing: when benefits are paid and revised, and what it takes to get them.

The month-by-month simulation of short work spells (:mod:`models.spells`) reads these; each value's source is in
its YAML file under ``assumptions/parameters/timing`` (Kela's processing times, the income register's reporting
deadline, the payment days of each payer).
"""

from __future__ import annotations

from models.parameter_types import FrozenModel


class TimingParameters(FrozenModel):
    """When benefits are paid and revised, and what it takes to get them (``assumptions/parameters/timing``)."""

    waiting_days: int
    first_decision_days: int
    report_delay_days: int
    report_processing_days: int
    report_processing_days_no_work: int
    income_register_days: int
    realtime_processing_days: int
    housing_increase_threshold: float
    housing_decrease_threshold: float
    housing_continuous_months: int
    housing_processing_days: int
    social_assistance_processing_days: int
    social_assistance_income_lag_months: int
    wage_payment_lag_days: int
    payment_days: dict[str, int]
    full_time_hours: float
    adjusted_work_max_share: float
    short_full_time_work_days: int
    applications_per_year: dict[str, float]
    reports_per_year: dict[str, float]
