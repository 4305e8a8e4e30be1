"""Placeholder: rules and parameters are being written."""

from models.parameters import FrozenModel


class SocialAssistanceParameters(FrozenModel):
    """Parameters of this section (one YAML file per field under assumptions/parameters/)."""
