"""ONS boundary files (GeoJSON) read into rows of code, name, local authority and geometry."""

from __future__ import annotations

import json
import re

from saferinsight.errors import InputFileError

__all__ = ["BOUNDARY_LEVELS", "parse_boundaries"]

BOUNDARY_LEVELS = {"LSOA": "lsoa", "WD": "ward", "LAD": "lad"}


def parse_boundaries(
    data: dict[str, object], *, name: str
) -> tuple[str, str, list[tuple[str, str, str | None, str]]]:
    """Level, version and (code, name, LAD code, geometry JSON) rows of an ONS GeoJSON file."""
    features = data.get("features")
    if data.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise InputFileError(f"{name}: not a GeoJSON FeatureCollection with features.")
    properties = features[0].get("properties") or {}
    code_key = next((k for k in properties if re.fullmatch(r"(LSOA|WD|LAD)\d{2}CD", k)), None)
    if code_key is None:
        raise InputFileError(
            f"{name}: no ONS code property (LSOA21CD, WDyyCD or LADyyCD) in the features. "
            "Download the boundaries from the ONS Open Geography Portal as GeoJSON."
        )
    prefix = re.match(r"[A-Z]+", code_key)
    assert prefix is not None
    level = BOUNDARY_LEVELS[prefix.group(0)]
    name_key = code_key[:-2] + "NM"
    lad_key = next((k for k in properties if re.fullmatch(r"LAD\d{2}CD", k)), None)
    rows = []
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not props.get(code_key) or not geometry:
            raise InputFileError(f"{name}: feature {index} has no {code_key} or no geometry.")
        lad = props.get(lad_key) if lad_key else props.get("LADCD_ACTIVE")
        rows.append(
            (
                str(props[code_key]),
                str(props.get(name_key, props[code_key])),
                str(lad) if lad else None,
                json.dumps(geometry, separators=(",", ":")),
            )
        )
    return level, code_key[:-2], rows
