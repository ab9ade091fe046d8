"""Synthetic partner files for every dataset of the multi-agency minimum dataset.

:func:`generate_partner_files` writes, for each dataset of
:data:`~saferinsight.datasets.catalogue.DATASETS`:

* a **clean** file: CSV with the template's headers and ISO dates, covering the whole span;
* a **messy** file: the same figures (all of them, or the last financial year) in the mess real
  agencies send, a different mess per dataset (see :mod:`.specs`);
* for eight datasets an **invalid** file with a few deliberate errors, whose count is known;
* for ``iom-reoffending`` a later **revised** file re-sending the last financial year with
  corrected figures, which supersedes those months of the first file.

The figures are calibrated, per financial year, to what the Shropshire partnership reports
published (:mod:`.figures`): recorded crime and its sub-types, hate crime by strand, domestic
abuse, ASB, IOM, A&E assaults, treatment, safeguarding and the DVPN/DVPO table of the five West
Mercia partnerships. Other areas get the same figures scaled by population. Places stop at LSOA;
nothing names a person or an address. Everything is drawn from :func:`numpy.random.default_rng`
seeded by ``seed`` and the dataset's name, so a seed always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from saferinsight.core.months import FIRST_YEAR, LAST_YEAR
from saferinsight.datasets.catalogue import DATASETS, get_dataset
from saferinsight.generate.partners.context import Context, Row, load_geography
from saferinsight.generate.partners.render import Layout, apply_faults, render, write
from saferinsight.generate.partners.specs import SPECS, Spec, Variant
from saferinsight.options import check_whole_number

#: The most financial years one run generates.
MAX_YEARS = 30

__all__ = ["VARIANTS", "PartnerFile", "generate_partner_files"]

#: The kinds of file: valid and tidy, valid but awkward, or with deliberate errors.
VARIANTS = ("clean", "messy", "invalid")


@dataclass(frozen=True)
class PartnerFile:
    """One generated partner file and what loading it must give.

    Attributes
    ----------
    dataset
        Catalogue name of the dataset.
    path
        Where the file is.
    provider
        The agency that sent it (give it as ``--provider``).
    variant
        ``"clean"``, ``"messy"`` (valid data in an awkward file) or ``"invalid"`` (deliberate
        errors). A revised re-send is ``"clean"``.
    received
        When the agency sent it.
    description
        One line: what is awkward or wrong about it.
    expected_rows
        Data rows a correct load keeps (for an invalid file, its valid rows).
    expected_problems
        Rows validation must reject (0 for clean and messy files).
    """

    dataset: str
    path: Path
    provider: str
    variant: str
    received: date
    description: str
    expected_rows: int
    expected_problems: int


def generate_partner_files(
    out_dir: Path,
    *,
    area: str = "Shropshire",
    first_year: int = 2022,
    years: int = 3,
    seed: int = 0,
    datasets: Collection[str] | None = None,
) -> list[PartnerFile]:
    """Write the clean, messy and invalid files of each partner dataset into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write to (created if missing); files are named ``DATASET-VARIANT.csv`` or
        ``.xlsx``, and the revised IOM file ``iom-reoffending-revised-YYYY-YY.csv``.
    area
        Local authority or Community Safety Partnership, by name or ONS code. The published
        figures are Shropshire's; other areas get them scaled by population.
    first_year, years
        The financial years covered: ``first_year``/``first_year + 1`` and the next
        ``years - 1`` (2022/23 to 2024/25 by default, the years the figures are for).
    seed
        Seed of every random draw.
    datasets
        Names of the datasets to generate (all of them by default).

    Returns
    -------
    list of PartnerFile
        In catalogue order; for each dataset clean, messy, invalid (if any), revised (if any).

    Raises
    ------
    QueryError
        An unknown dataset or area; ``OptionError`` for a year, number of years or seed
        out of range.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> files = generate_partner_files(Path(tempfile.mkdtemp()), datasets=["dvpn-dvpo"])
    >>> for f in files:
    ...     print(f.variant, f.path.name, f.expected_rows, f.expected_problems)
    clean dvpn-dvpo-clean.csv 180 0
    messy dvpn-dvpo-messy.csv 180 0
    invalid dvpn-dvpo-invalid.csv 57 3
    """
    check_whole_number(
        first_year, option="first_year", minimum=FIRST_YEAR, maximum=LAST_YEAR, noun="a year"
    )
    check_whole_number(
        years,
        option="years",
        minimum=1,
        maximum=min(MAX_YEARS, LAST_YEAR - first_year + 1),
        noun="a whole number of years",
    )
    check_whole_number(seed, option="seed", minimum=0)
    wanted = (
        {get_dataset(name).name for name in datasets} if datasets is not None else set(DATASETS)
    )
    ctx = Context(load_geography(area), first_year=first_year, years=years, seed=seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[PartnerFile] = []
    for index, name in enumerate(DATASETS):
        if name in wanted:
            files += _dataset_files(ctx, name, SPECS[name], out_dir, index)
    return files


def _dataset_files(
    ctx: Context, name: str, spec: Spec, out_dir: Path, index: int
) -> list[PartnerFile]:
    rows = spec.build(ctx)
    base = date(ctx.last_fy + 1, 5, 1) + timedelta(days=index)
    made = [
        _write(
            ctx,
            name,
            spec,
            Variant(Layout(), "Template headers, ISO dates, whole span"),
            "clean",
            rows,
            out_dir,
            base,
        ),
        _write(ctx, name, spec, spec.messy(ctx), "messy", rows, out_dir, base + timedelta(days=18)),
    ]
    if spec.invalid is not None:
        made.append(
            _write(
                ctx,
                name,
                spec,
                spec.invalid(ctx),
                "invalid",
                rows,
                out_dir,
                base + timedelta(days=36),
            )
        )
    if spec.revised is not None:
        revised, description = spec.revised(ctx)
        fy = f"{ctx.last_fy}-{(ctx.last_fy + 1) % 100:02d}"
        made.append(
            _write(
                ctx,
                name,
                spec,
                Variant(Layout(), description),
                "clean",
                revised,
                out_dir,
                date(ctx.last_fy + 1, 7, 14),
                stem=f"{name}-revised-{fy}",
            )
        )
    return made


def _write(
    ctx: Context,
    name: str,
    spec: Spec,
    variant: Variant,
    kind: str,
    rows: list[Row],
    out_dir: Path,
    received: date,
    *,
    stem: str | None = None,
) -> PartnerFile:
    dataset = DATASETS[name]
    chosen = variant.rows(ctx, rows) if variant.rows else rows
    header, cells = render(dataset, chosen, variant.layout)
    rng = ctx.rng(f"{name} {kind} faults")
    cells = apply_faults(rng, dataset, chosen, cells, variant.layout, variant.faults)
    path = out_dir / f"{stem or f'{name}-{kind}'}.{variant.layout.fmt}"
    when = datetime(received.year, received.month, received.day, 9, 30)
    write(path, dataset, header, cells, variant.layout, when=when)
    return PartnerFile(
        dataset=name,
        path=path,
        provider=spec.provider(ctx.providers),
        variant=kind,
        received=received,
        description=variant.description,
        expected_rows=len(cells) - len(variant.faults),
        expected_problems=len(variant.faults),
    )
