"""Newer ONS reference files users load: lookups, boundaries and population estimates."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight import reference
from saferinsight.errors import Hint, InputFileError, OptionError, RefusedLoadError
from saferinsight.geo.boundaries import parse_boundaries
from saferinsight.ingest.population import read_mye2_workbook, write_mye_csv
from saferinsight.store import reference as store_ref
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import FileDigest, JournalEntry, Workspace, Writer, new_load_id
from saferinsight.workspace.reference import ReferenceLoad

# -- user loads of newer ONS files -------------------------------------------------------------


def lsoa_lookup_columns(header: list[str]) -> tuple[dict[str, str], str] | None:
    """Map an ONS LSOA -> ward -> LAD lookup header to our columns, with its version label.

    Examples
    --------
    >>> cols, version = lsoa_lookup_columns(["LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM",
    ...                                      "LAD24CD", "LAD24NM"])
    >>> version, cols["ward_code"]
    ('LSOA21-WD24-LAD24', 'WD24CD')
    """
    found: dict[str, str] = {}
    labels: list[str] = []
    for prefix, ours in (("LSOA", "lsoa"), ("WD", "ward"), ("LAD", "lad")):
        code = next((h for h in header if re.fullmatch(rf"{prefix}\d{{2}}CD", h)), None)
        if code is None or code[:-2] + "NM" not in header:
            return None
        found[f"{ours}_code"], found[f"{ours}_name"] = code, code[:-2] + "NM"
        labels.append(code[:-2])
    return found, "-".join(labels)


#: What to do with a lookup that lacks areas the one in use has.
PARTIAL_CHOICES = ("refuse", "merge", "replace")


def ingest_geography(workspace: Workspace, path: Path, *, partial: str = "refuse") -> ReferenceLoad:
    """Load a newer ONS lookup: LSOA -> ward -> LAD, or LAD -> CSP -> police force area.

    A lookup replaces the one in use. If it lacks LSOAs (or local authorities) that one has, as
    a lookup for one local authority does, replacing would leave the others' crimes counted
    nowhere (issue 14, class 7): ``partial`` says what to do: ``"refuse"`` the file (the
    default; the error compares the two), ``"merge"`` it (its areas replace theirs, the others
    stay) or ``"replace"`` the lookup all the same (the areas it lacks are dropped).

    Raises
    ------
    RefusedLoadError
        The file lacks areas the lookup in use has, and ``partial`` is ``"refuse"``.
    """
    if partial not in PARTIAL_CHOICES:
        raise OptionError(
            "partial",
            f"must be one of {', '.join(PARTIAL_CHOICES)}, not {partial!r}.",
            hint=Hint("retry", "Say what to do with a lookup that covers only some areas."),
        )
    return _reference_load(workspace, path, "geography", _geography(path, partial))


def ingest_boundaries(workspace: Workspace, path: Path) -> ReferenceLoad:
    """Load ONS boundaries (GeoJSON) for LSOAs, wards or local authorities."""
    return _reference_load(workspace, path, "boundaries", _boundaries(path))


def ingest_population(
    workspace: Workspace, path: Path, *, year: int | None = None
) -> ReferenceLoad:
    """Load an ONS mid-year population estimates workbook (MYE2 layout)."""
    return _reference_load(workspace, path, "population", _population(path, year=year))


def replay_reference(writer: Writer, entry: JournalEntry, paths: Sequence[Path]) -> None:
    """Apply a committed reference load again from its raw file (a rebuild)."""
    path = paths[0]
    if entry.source == "geography":  # the choice taken at load time; an older load replaced
        plan = _geography(path, str(entry.options.get("partial", "replace")))
    elif entry.source == "boundaries":
        plan = _boundaries(path)
    else:
        plan = _population(path, year=entry.options.get("year"))
    _apply(writer, entry, path, plan, replay=True)


@dataclass(frozen=True)
class _Plan:
    """A reference file read and checked: how to write it, and the options a replay needs."""

    apply: Callable[[Warehouse, Path], tuple[str, str, int]]
    options: dict[str, object]


def _geography(path: Path, partial: str) -> _Plan:
    from saferinsight.ingest.police_files import read_header

    header = [h.strip() for h in read_header(path, encoding="utf-8")]
    lsoa = lsoa_lookup_columns(header)
    partnership = [h for h in header if re.fullmatch(r"(ltla|lad|csp|pfa)\d{2}_(code|name)", h)]
    if lsoa is None and len(partnership) != 6:
        raise InputFileError(
            f"{path}: not an ONS lookup this command knows. Expected either an LSOA -> ward -> "
            "local authority lookup (columns LSOA21CD, LSOA21NM, WDyyCD, WDyyNM, LADyyCD, "
            "LADyyNM) or a local authority -> CSP -> police force area lookup (columns "
            f"ltlayy_code, ltlayy_name, cspyy_code, cspyy_name, pfayy_code, pfayy_name). "
            f"Found: {', '.join(header)}"
        )

    def apply(warehouse: Warehouse, stored: Path) -> tuple[str, str, int]:
        merge = partial == "merge"
        if lsoa is not None:
            if partial == "refuse":
                found = store_ref.lsoa_lookup_dropped(
                    warehouse, str(stored), header=header, columns=lsoa[0]
                )
                _refuse_dropping(path, "LSOAs", found)
            rows = store_ref.replace_lsoa_lookup(
                warehouse, str(stored), header=header, columns=lsoa[0], merge=merge
            )
            return "geography", lsoa[1], rows
        if partial == "refuse":
            lad = next(h for h in partnership if re.fullmatch(r"(ltla|lad)\d{2}_code", h))
            found = store_ref.lad_csp_dropped(warehouse, str(stored), lad_column=lad)
            _refuse_dropping(path, "local authorities", found)
        rows = store_ref.replace_lad_csp(warehouse, str(stored), merge=merge)
        version = "-".join(h.split("_")[0].upper() for h in partnership[::2])
        return "partnerships", version, rows

    return _Plan(apply, {"partial": partial})


#: How many local authorities a refusal names.
SHOWN_AREAS = 10


def _refuse_dropping(
    path: Path, what: str, found: tuple[int, int, int, list[tuple[str, int, int]]]
) -> None:
    """Refuse a lookup that lacks areas the one in use has, comparing the two."""
    in_file, now, dropped, by_lad = found
    if not dropped:
        return
    named = ", ".join(
        f"{name} ({count:,} {what}" + (f", {used:,} police.uk records)" if used else ")")
        for name, count, used in by_lad[:SHOWN_AREAS]
    )
    more = f" and {len(by_lad) - SHOWN_AREAS} more" if len(by_lad) > SHOWN_AREAS else ""
    raise RefusedLoadError(
        f"{path.name}: has {in_file:,} {what}; the lookup in use has {now:,}, and {dropped:,} "
        f"of them are not in the file, in {len(by_lad):,} local authorit"
        f"{'y' if len(by_lad) == 1 else 'ies'}: {named}{more}. Replacing the lookup would "
        "leave their crimes and partner figures counted in no area. Nothing was loaded.",
        hint=Hint(
            "retry",
            "If the file covers only some areas, merge it: its areas replace theirs and the "
            "others stay; to drop the areas it lacks, replace the lookup instead",
            options={"partial": "merge"},
        ),
    )


def _boundaries(path: Path) -> _Plan:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path}: cannot be read as GeoJSON ({exc}).") from exc
    level, version, features = parse_boundaries(data, name=path.name)

    def apply(warehouse: Warehouse, stored: Path) -> tuple[str, str, int]:
        rows = store_ref.replace_boundaries(warehouse, features, level=level, version=version)
        return "boundaries", path.stem, rows

    return _Plan(apply, {})


def _population(path: Path, *, year: int | None) -> _Plan:
    estimates = read_mye2_workbook(path, year=year)

    def apply(warehouse: Warehouse, stored: Path) -> tuple[str, str, int]:
        with tempfile.TemporaryDirectory() as tmp:
            wide = Path(tmp) / "mye.csv.gz"
            write_mye_csv(estimates, wide)
            rows = store_ref.replace_mid_year(warehouse, str(wide), source=path.name)
        return "population-mid-year", f"mid-{estimates.year}", rows

    return _Plan(apply, {"year": estimates.year})


def _reference_load(workspace: Workspace, path: Path, source: str, plan: _Plan) -> ReferenceLoad:
    started = workspace.clock.now()
    digest = FileDigest.of(path)
    entry = JournalEntry(
        new_load_id(started),
        source,
        started,
        files=(
            {
                "sha256": digest.sha256,
                "stored": workspace.relative(workspace.raw.path_for(digest, path.name)),
                "received_as": str(path),
            },
        ),
        options=plan.options,
    )
    with workspace.writer() as writer:
        return _apply(writer, entry, path, plan, digest=digest)


def _apply(
    writer: Writer,
    entry: JournalEntry,
    path: Path,
    plan: _Plan,
    *,
    digest: FileDigest | None = None,
    replay: bool = False,
) -> ReferenceLoad:
    digest = digest or FileDigest.of(path)
    with writer.load(entry, description=path.name, replay=replay) as load:
        raw = load.keep_raw(digest, path.name)
        kind, version, rows = plan.apply(load.warehouse, raw.stored)
        store_ref.record_version(
            load.warehouse,
            kind=kind,
            version=version,
            source_file=path.name,
            sha256=raw.sha256,
            shipped=False,
            attribution=reference.OGL,
            rows=rows,
            loaded_at=entry.started_at,
        )
    return ReferenceLoad(kind, version, path.name, rows)
