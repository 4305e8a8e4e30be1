"""The population: its schema and arrays (the engine's base layer), and above the law's parameters its builders:
the synthetic builder and calibration, the disk cache and user microdata (docs/DEVELOPING.md, "Layers").

Import what you need from the submodule (``models.population.core``, ``models.population.store``...): this package
imports nothing itself, so the rules can use the schema without loading the builders.
"""
