"""Synthetic data generators: police.uk street and outcomes files calibrated on real data.

Examples
--------
>>> from saferinsight.generate import expected_monthly_volume
>>> 450_000 < expected_monthly_volume() < 560_000
True
"""

from __future__ import annotations

from saferinsight.generate.calibration import CRIME_TYPES, Calibration, Force, load_calibration
from saferinsight.generate.police_uk import (
    GeneratedFile,
    GenerateReport,
    expected_monthly_volume,
    generate_police_uk,
)
from saferinsight.generate.street_model import (
    OUTCOMES_HEADER,
    STREET_HEADER,
    seasonal_multipliers,
)

__all__ = [
    "CRIME_TYPES",
    "OUTCOMES_HEADER",
    "STREET_HEADER",
    "Calibration",
    "Force",
    "GenerateReport",
    "GeneratedFile",
    "expected_monthly_volume",
    "generate_police_uk",
    "load_calibration",
    "seasonal_multipliers",
]
