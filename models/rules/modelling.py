"""Modelling assumptions that are not law: poverty lines and other choices of the model itself."""

from models.parameter_types import FrozenModel


class ModellingAssumptions(FrozenModel):
    """Choices of the model (each YAML file gives a reason or a source)."""

    poverty_line_share: float
    deep_poverty_line_share: float
    #: The anchored poverty line: a share of today's (the baseline run's) median, held fixed for every reform.
    anchored_poverty_line_share: float
    #: Fewest sample households losing in a group before the group and its typical household are listed.
    loser_group_min_households: int
    #: Sanction strengths of today's income-floor benefits, for the unconditionality axis (docs/AXES.md).
    unemployment_benefit_sanction_share: float
    social_assistance_sanction_share: float
    study_grant_sanction_share: float
    #: Wage assumed for the participation tax rate of the unemployed without a previous wage (EUR/month).
    ptr_assigned_wage: float
    #: A household wins (loses) above both thresholds: EUR/month and a share of its baseline net income.
    win_threshold_eur: float
    win_threshold_share: float
    #: Ages (years, inclusive) of the working-age population: marginal rates and the behavioural response.
    working_age_min: int
    working_age_max: int
    #: Other adults of a household younger than this are treated as adult children living with their parents where
    #: the population does not say (``persons.with_parents`` = -1).
    adult_child_age_limit: int
