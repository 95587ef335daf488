"""Registered config functions (versioned names) that build the rule objects components use.

A pipeline's ``config.cfg`` refers to these, e.g.::

    [components.extractor_thresholds.units]
    @misc = "extractor.unit_table.v1"
    path = null

``path`` null means the packaged rule file; a path means that YAML file.
"""

from __future__ import annotations

from spacy.util import registry

from extractor.nlp.resources import DoseRules, ThresholdRules, UnitTable, dose_rules, threshold_rules, unit_table


@registry.misc("extractor.unit_table.v1")
def make_unit_table(path: str | None = None) -> UnitTable:
    """The unit table (``resources/nlp/units.yaml`` or ``path``)."""
    return unit_table(path)


@registry.misc("extractor.threshold_rules.v1")
def make_threshold_rules(path: str | None = None) -> ThresholdRules:
    """Threshold rules (``resources/nlp/thresholds.yaml`` or ``path``)."""
    return threshold_rules(path)


@registry.misc("extractor.dose_rules.v1")
def make_dose_rules(path: str | None = None) -> DoseRules:
    """Dose rules (``resources/nlp/doses.yaml`` or ``path``)."""
    return dose_rules(path)
