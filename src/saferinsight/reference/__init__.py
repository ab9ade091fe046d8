"""Reference data shipped with Safer Insight: ONS geography, population, boundaries and the
peer indicators of partnerships.

All of it is Crown copyright, used under the Open Government Licence v3.0; see
``reference/data/ATTRIBUTION.md``. Users can load newer versions with ``safer ingest``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
OS_BOUNDARIES = "Contains OS data © Crown copyright and database right 2023."

LSOA_LOOKUP = "lsoa21_ward23_lad23.csv.gz"
LAD_CSP_LOOKUP = "lad24_csp24_pfa24.csv"
POLICE_FORCES = "police_forces.csv"
HOME_OFFICE_OFFENCES = "home_office_offences.csv"
CENSUS_LSOA = "census21_lsoa_population.csv.gz"
MYE_SNAPSHOT = "mye2_persons_2022.csv.gz"
LSOA_CENTROIDS = "lsoa21_centroids.csv.gz"
LSOA_CONTIGUITY = "lsoa21_contiguity.csv.gz"
BOUNDARY_DIR = "boundaries"
DEMO_DIR = "demo"
CALIBRATION_DIR = "calibration"
CSP_PEER_INDICATORS = "csp_peer_indicators.csv.gz"
LA_PEER_INDICATORS = "la_peer_indicators.csv.gz"


def shipped(name: str) -> Path:
    """Path of a shipped reference file (or folder).

    Examples
    --------
    >>> shipped(LSOA_LOOKUP).name
    'lsoa21_ward23_lad23.csv.gz'
    """
    return Path(str(files("saferinsight.reference") / "data" / name))
