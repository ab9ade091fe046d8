"""Find areas by name or code: Community Safety Partnerships, local authorities, police force
areas, wards and LSOAs.

Anywhere a command asks for an area it accepts a name or an ONS code ("Shropshire",
"E06000051", "West Mercia", "Quarry and Coton Hill"), optionally with a level prefix
("force:Dorset", "csp:Dorset", "la:Dorset", "ward:Abbey") or the parent area in brackets
("Abbey (Shropshire)"). A name that matches several different areas is an error listing them.

Some ONS CSP codes are legacy district partnerships whose local authority has since been merged
(for example Aylesbury Vale inside Buckinghamshire). The ONS lookup maps such a local authority
to several CSPs; since police.uk rows cannot be split between them, the local authority is used
as the partnership area and the legacy CSP names resolve to an explanation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.errors import AreaError, Hint
from saferinsight.store import areas as store_areas

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

LEVEL_NAMES = {
    "csp": "Community Safety Partnership",
    "lad": "local authority",
    "pfa": "police force area",
    "ward": "ward",
    "lsoa": "LSOA",
}
PREFIXES = {
    "csp": "csp",
    "partnership": "csp",
    "la": "lad",
    "lad": "lad",
    "local-authority": "lad",
    "force": "pfa",
    "pfa": "pfa",
    "police": "pfa",
    "ward": "ward",
    "lsoa": "lsoa",
}
#: Names partnerships go by that differ from the ONS name (normalised name -> ONS code).
ALIASES = {
    "south worcestershire": "E22000332",  # ONS: "South Worcester"; its police use this name
}
#: When several levels cover exactly the same local authorities, the most specific wins.
PREFERENCE = ("csp", "lad", "pfa")
CODE = re.compile(r"^[EWKNS]\d{8}$", re.IGNORECASE)


@dataclass(frozen=True)
class Area:
    """An area that records can be counted in."""

    level: str
    code: str
    name: str
    parent: str | None = None
    lad_codes: tuple[str, ...] = ()
    force: str | None = None
    note: str = ""

    @property
    def label(self) -> str:
        """A human label such as 'Shropshire (Community Safety Partnership, E22000360)'."""
        parent = f", in {self.parent}" if self.parent and self.level in ("ward", "lsoa") else ""
        return f"{self.name} ({LEVEL_NAMES[self.level]}{parent}, {self.code})"

    @property
    def is_force(self) -> bool:
        """Whether the area is a police force area (counted by the force's own records)."""
        return self.level == "pfa"


def normalise(name: str) -> str:
    """Fold case, '&' and punctuation so that names match loosely.

    Examples
    --------
    >>> normalise("Telford & Wrekin") == normalise("telford and wrekin")
    True
    """
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


class AreaResolver:
    """Resolves names and codes against the warehouse's reference tables."""

    def __init__(self, con: Warehouse) -> None:
        self._forces = store_areas.force_aliases(con)
        self._con = con
        self._csp_lads, self._csp_notes, self._pfa_lads = self._partnerships()
        owned = {lad for lads in self._csp_lads.values() for lad in lads}
        self._shared_lads = {lad for lads in self._pfa_lads.values() for lad in lads} - owned

    def _partnerships(
        self,
    ) -> tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, tuple[str, ...]]]:
        pairs = store_areas.lad_csp_pairs(self._con)
        csps_of_lad: dict[str, list[str]] = defaultdict(list)
        lad_names: dict[str, str] = {}
        for lad, lad_name, csp, _, _ in pairs:
            csps_of_lad[lad].append(csp)
            lad_names[lad] = lad_name
        csp_lads: dict[str, list[str]] = defaultdict(list)
        shared: dict[str, list[str]] = defaultdict(list)
        pfa_lads: dict[str, set[str]] = defaultdict(set)
        for lad, _, csp, _, pfa in pairs:
            pfa_lads[pfa].add(lad)
            (csp_lads if len(csps_of_lad[lad]) == 1 else shared)[csp].append(lad)
        notes = {}
        for csp, lads in shared.items():
            names = ", ".join(f"{lad_names[lad]} ({lad})" for lad in lads)
            notes[csp] = (
                f"the ONS lookup also maps {names} to other partnerships; police.uk records "
                "there cannot be split between them, so they are counted under that local "
                "authority, not here"
            )
        return (
            {csp: tuple(sorted(lads)) for csp, lads in csp_lads.items()},
            notes,
            {pfa: tuple(sorted(lads)) for pfa, lads in pfa_lads.items()},
        )

    def partnerships(self) -> tuple[Area, ...]:
        """Every partnership area of England and Wales, ordered by name.

        Each local authority lies in exactly one of them: a Community Safety Partnership with
        its own local authorities, or a local authority that the ONS lookup maps to several
        former partnerships, which is its own partnership area (see the module docstring).
        Former partnerships left with no local authority of their own are not listed.

        Examples
        --------
        >>> from saferinsight.generate.fixtures import reference_warehouse
        >>> with reference_warehouse() as warehouse:
        ...     areas = AreaResolver(warehouse).partnerships()
        >>> len(areas), areas[0].label
        (301, 'Adur (Community Safety Partnership, E22000290)')
        >>> [a.name for a in areas if a.level == "lad"][:2]
        ['Bournemouth, Christchurch and Poole', 'Buckinghamshire']
        """
        csps = store_areas.find_areas(self._con, codes=list(self._csp_lads), level="csp")
        shared = store_areas.find_areas(self._con, codes=list(self._shared_lads), level="lad")
        areas = [self._area(*row) for row in [*csps, *shared]]
        return tuple(sorted(areas, key=lambda a: (a.name, a.code)))

    def resolve(self, text: str) -> Area:
        """The one area a name or code means; :class:`AreaError` lists candidates otherwise."""
        query = text.strip()
        if not query:
            raise AreaError("an area is required: give a name or ONS code, such as Shropshire.")
        level = None
        prefix, _, rest = query.partition(":")
        if rest and prefix.lower() in PREFIXES:
            level, query = PREFIXES[prefix.lower()], rest.strip()
        parent = None
        bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", query)
        if bracket:
            query, parent = bracket.group(1), bracket.group(2)
        candidates = self._match(query, level=level, parent=parent)
        if not candidates:
            raise AreaError(
                self._not_found(text),
                hint=Hint("retry", "Check the spelling, or give the area's ONS code."),
            )
        areas = [self._area(*c) for c in candidates]
        chosen = _prefer(areas)
        if chosen is None:
            listed = "\n".join(f"  {self._suggest(a)}" for a in areas[:20])
            more = f"\n  ... and {len(areas) - 20} more" if len(areas) > 20 else ""
            raise AreaError(
                f"'{text}' matches {len(areas)} areas; say which one with its code or as "
                f"shown:\n{listed}{more}"
            )
        if chosen.level == "csp" and not chosen.lad_codes:
            raise AreaError(self._legacy_csp(chosen))
        return chosen

    def partnership(self, area: Area) -> Area:
        """The Community Safety Partnership covering exactly the same local authorities as
        ``area``, or ``area`` itself: one code for "Shropshire" whether a file names the
        council (E06000051) or the partnership (E22000360).
        """
        if area.level != "lad":
            return area
        for csp, lads in self._csp_lads.items():
            if lads == area.lad_codes:
                return self._area(*store_areas.find_areas(self._con, codes=[csp], level="csp")[0])
        return area

    def partnerships_within(self, area: Area) -> tuple[str, ...]:
        """Codes of the partnerships whose local authorities all lie within ``area``."""
        inside = set(area.lad_codes)
        return tuple(
            sorted(csp for csp, lads in self._csp_lads.items() if lads and set(lads) <= inside)
        )

    def _match(
        self, query: str, *, level: str | None, parent: str | None
    ) -> list[tuple[str, str, str, str | None]]:
        if CODE.match(query):
            return store_areas.find_areas(self._con, codes=[query])
        wanted = normalise(query)
        codes = [ALIASES[wanted]] if wanted in ALIASES else []
        codes += [
            pfa for pfa, slug, name in self._forces if wanted in (normalise(slug), normalise(name))
        ]
        candidates = store_areas.find_areas(self._con, codes=codes, normalised_name=wanted)
        found = [
            row
            for row in candidates
            if (level is None or row[0] == level)
            and (parent is None or normalise(row[3] or "") == normalise(parent))
        ]
        return sorted(set(found), key=lambda r: (list(LEVEL_NAMES).index(r[0]), r[1]))

    def _area(self, level: str, code: str, name: str, parent: str | None) -> Area:
        if level == "csp":
            return Area(
                level,
                code,
                name,
                parent,
                self._csp_lads.get(code, ()),
                note=self._csp_notes.get(code, ""),
            )
        if level == "lad":
            return Area(level, code, name, parent, (code,))
        if level == "pfa":
            slug = next((s for pfa, s, _ in self._forces if pfa == code), None)
            return Area(level, code, name, parent, self._pfa_lads.get(code, ()), force=slug)
        lad = (store_areas.ward_lad if level == "ward" else store_areas.lsoa_lad)(self._con, code)
        return Area(level, code, name, parent, (lad,) if lad else ())

    def _suggest(self, area: Area) -> str:
        short = {"csp": "csp", "lad": "la", "pfa": "force", "ward": "ward", "lsoa": "lsoa"}
        within = f" ({area.parent})" if area.parent and area.level in ("ward", "lsoa") else ""
        return f"{area.code}  {short[area.level]}:{area.name}{within}  - {area.label}"

    def _legacy_csp(self, area: Area) -> str:
        lads = [
            lad for lad, _, csp, _, _ in store_areas.lad_csp_pairs(self._con) if csp == area.code
        ]
        return (
            f"{area.label} is a former district partnership: the ONS lookup maps its local "
            f"authority ({', '.join(lads)}) to several partnerships, and police.uk records "
            f"cannot be split between them. Use the local authority instead: "
            f"{', '.join(lads)}."
        )

    def _not_found(self, text: str) -> str:
        wanted = normalise(text.split(":")[-1])
        close = store_areas.area_names_containing(self._con, wanted)[:8] if wanted else []
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        return (
            f"no area called '{text}'. Give a Community Safety Partnership, local authority, "
            f"police force area, ward or LSOA by name or ONS code.{hint}"
        )


def _prefer(areas: list[Area]) -> Area | None:
    if len(areas) == 1:
        return areas[0]
    if all(a.level in PREFERENCE for a in areas) and len({a.lad_codes for a in areas}) == 1:
        return min(areas, key=lambda a: PREFERENCE.index(a.level))
    return None


def resolve_area(workspace: Workspace, text: str) -> Area:
    """Resolve one area name or code against the workspace's reference geography (the library
    entry point; :func:`resolve_in` works on an open warehouse, :func:`resolve_shipped_area`
    needs no workspace)."""
    with workspace.reader() as warehouse:
        return AreaResolver(warehouse).resolve(text)


def resolve_in(con: Warehouse, text: str) -> Area:
    """Resolve one area name or code.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> with reference_warehouse() as warehouse:
    ...     resolve_in(warehouse, "Shropshire").label
    'Shropshire (Community Safety Partnership, E22000360)'
    """
    return AreaResolver(con).resolve(text)


def resolve_shipped_area(text: str) -> Area:
    """Resolve one area name or code against the reference data shipped with the package, for
    commands that run without a workspace.

    The lookups are loaded into an in-memory warehouse that is discarded afterwards; nothing is
    written to disk.

    Examples
    --------
    >>> resolve_shipped_area("Telford & Wrekin").label
    'Telford and Wrekin (Community Safety Partnership, E22000333)'
    """
    from pathlib import Path

    from saferinsight import reference
    from saferinsight.store import reference as store_reference
    from saferinsight.store.warehouse import Warehouse

    with Warehouse(Path(":memory:")) as warehouse:
        store_reference.replace_lsoa_lookup(
            warehouse,
            str(reference.shipped(reference.LSOA_LOOKUP)),
            header=list(store_reference.LSOA_COLUMNS),
            columns={c: c for c in store_reference.LSOA_COLUMNS},
        )
        store_reference.replace_lad_csp(warehouse, str(reference.shipped(reference.LAD_CSP_LOOKUP)))
        store_reference.replace_forces(warehouse, str(reference.shipped(reference.POLICE_FORCES)))
        return AreaResolver(warehouse).resolve(text)
