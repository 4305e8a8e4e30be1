"""Modelling assumptions that are not law: poverty lines and other choices of the model itself."""

from models.parameters import FrozenModel


class ModellingAssumptions(FrozenModel):
    """Choices of the model (each YAML file gives a reason or a source)."""

    poverty_line_share: float
    deep_poverty_line_share: float
    #: Sanction strengths of today's income-floor benefits, for the unconditionality axis (docs/AXES.md).
    unemployment_benefit_sanction_share: float
    social_assistance_sanction_share: float
    study_grant_sanction_share: float
    #: Wage assumed for the participation tax rate of the unemployed without a previous wage (EUR/month).
    ptr_assigned_wage: float
