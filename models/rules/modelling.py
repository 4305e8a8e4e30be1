"""Modelling assumptions that are not law: poverty lines and other choices of the model itself."""

from models.parameters import FrozenModel


class ModellingAssumptions(FrozenModel):
    """Choices of the model (each YAML file gives a reason or a source)."""

    poverty_line_share: float
    deep_poverty_line_share: float
