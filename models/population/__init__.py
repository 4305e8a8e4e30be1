"""The population: schema, synthetic builder, calibration and user microdata."""

from models.population.core import HouseholdType, Population
from models.population.schema import Role, Status, Tenure

__all__ = ["HouseholdType", "Population", "Role", "Status", "Tenure"]
