"""Safer Insight: intelligence, governance and reporting for community safety partnerships.

The public API is listed in ``__all__``: the library function behind each ``safer`` command, the
typed results they return and the errors they raise (all derived from :class:`AppError`). Names
load lazily, when first used, so that the ``safer`` command starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AccessEntry": "saferinsight.records.service",
    "Accounts": "saferinsight.accounts.users",
    "ActionItem": "saferinsight.records.actions",
    "AppError": "saferinsight.errors",
    "Area": "saferinsight.geo.areas",
    "Benchmark": "saferinsight.analysis.benchmark",
    "AreaAnalysis": "saferinsight.analysis.results",
    "AreaError": "saferinsight.errors",
    "ChangeTable": "saferinsight.analysis.tables",
    "CountsResult": "saferinsight.analysis.counts",
    "DamagedWarehouseError": "saferinsight.errors",
    "DataOverview": "saferinsight.workspace.overview",
    "DataVersion": "saferinsight.workspace.overview",
    "Dataset": "saferinsight.datasets.schema",
    "DatasetLoad": "saferinsight.ingest.datasets",
    "DatasetSummary": "saferinsight.workspace.inventory",
    "DatasetValidationError": "saferinsight.errors",
    "DatasetVersion": "saferinsight.store.datasets",
    "DemoResult": "saferinsight.generate.demo",
    "DisclosureError": "saferinsight.errors",
    "Export": "saferinsight.records.transfer",
    "FundingTable": "saferinsight.records.funding",
    "GenerateReport": "saferinsight.generate.police_uk",
    "GiStarResult": "saferinsight.stats.hotspots",
    "HeaderError": "saferinsight.errors",
    "Hint": "saferinsight.errors",
    "HistoryEntry": "saferinsight.records.service",
    "HotspotAnalysis": "saferinsight.analysis.hotspots",
    "KnoxResult": "saferinsight.stats.knox",
    "NearRepeatAnalysis": "saferinsight.analysis.places",
    "RepeatLocations": "saferinsight.analysis.places",
    "Import": "saferinsight.records.transfer",
    "IngestReport": "saferinsight.ingest.police_uk",
    "InputFileError": "saferinsight.errors",
    "JobWorker": "saferinsight.jobs.runner",
    "Kind": "saferinsight.records.kinds",
    "MeasureVerdict": "saferinsight.records.measures",
    "NationalAnalysis": "saferinsight.analysis.national",
    "PeerGroup": "saferinsight.analysis.peers",
    "NewAccount": "saferinsight.accounts.users",
    "OptionError": "saferinsight.errors",
    "PartnerAnalysis": "saferinsight.analysis.partners.engine",
    "PartnerFile": "saferinsight.generate.partners",
    "Period": "saferinsight.core.periods",
    "PermissionDeniedError": "saferinsight.errors",
    "Principal": "saferinsight.records.permissions",
    "QueryError": "saferinsight.errors",
    "RebuildReport": "saferinsight.ingest.rebuild",
    "RecordConflictError": "saferinsight.errors",
    "RecordNotFoundError": "saferinsight.errors",
    "RecordValueError": "saferinsight.errors",
    "RecordView": "saferinsight.records.service",
    "Records": "saferinsight.records.service",
    "RecordsDatabaseError": "saferinsight.errors",
    "RecordsError": "saferinsight.errors",
    "ReferenceLoad": "saferinsight.workspace.reference",
    "RejectRow": "saferinsight.workspace.status",
    "RepeatedLesson": "saferinsight.records.repeats",
    "ReportFiles": "saferinsight.reports.build",
    "ReviewRegister": "saferinsight.records.reviews",
    "RolledPlan": "saferinsight.records.plans",
    "Rulebook": "saferinsight.records.deadlines",
    "Settings": "saferinsight.settings",
    "SettingsError": "saferinsight.errors",
    "SheetTable": "saferinsight.datasets.spreadsheet",
    "StructurePeriod": "saferinsight.records.structure",
    "Upgrade": "saferinsight.records.database",
    "UserView": "saferinsight.accounts.users",
    "Validation": "saferinsight.datasets.validate",
    "Warehouse": "saferinsight.store.warehouse",
    "WorkerRun": "saferinsight.jobs.runner",
    "Workspace": "saferinsight.workspace",
    "WorkspaceBusyError": "saferinsight.errors",
    "WorkspaceError": "saferinsight.errors",
    "WorkspaceStatus": "saferinsight.workspace.status",
    "analyse_all_csps": "saferinsight.analysis.national",
    "benchmark_area": "saferinsight.analysis.benchmark",
    "analyse_area": "saferinsight.analysis.engine",
    "analyse_partner_datasets": "saferinsight.analysis.partners.engine",
    "build_demo": "saferinsight.generate.demo",
    "build_report": "saferinsight.reports.build",
    "can": "saferinsight.records.permissions",
    "change_table": "saferinsight.analysis.tables",
    "check_dataset_file": "saferinsight.ingest.datasets",
    "count_records": "saferinsight.analysis.counts",
    "create_app": "saferinsight.web.app",
    "data_overview": "saferinsight.workspace.overview",
    "dataset_inventory": "saferinsight.workspace.inventory",
    "dataset_versions": "saferinsight.workspace.inventory",
    "deadline_rules": "saferinsight.records.reviews",
    "export_records": "saferinsight.records.transfer",
    "find_hotspots": "saferinsight.analysis.hotspots",
    "find_near_repeats": "saferinsight.analysis.places",
    "find_repeat_locations": "saferinsight.analysis.places",
    "funding_table": "saferinsight.records.funding",
    "generate_for_area": "saferinsight.generate.area",
    "generate_partner_files": "saferinsight.generate.partners",
    "generate_police_uk": "saferinsight.generate.police_uk",
    "get_dataset": "saferinsight.datasets.catalogue",
    "getis_ord_gi_star": "saferinsight.stats.hotspots",
    "knox_test": "saferinsight.stats.knox",
    "import_records": "saferinsight.records.transfer",
    "ingest_boundaries": "saferinsight.ingest.geography",
    "ingest_dataset": "saferinsight.ingest.datasets",
    "ingest_geography": "saferinsight.ingest.geography",
    "ingest_police_uk": "saferinsight.ingest.police_uk",
    "ingest_population": "saferinsight.ingest.geography",
    "judge_measures": "saferinsight.records.measures",
    "list_actions": "saferinsight.records.actions",
    "list_rejects": "saferinsight.workspace.status",
    "load_settings": "saferinsight.settings",
    "parse_period": "saferinsight.core.periods",
    "partnership_structure": "saferinsight.records.structure",
    "read_change_table_csv": "saferinsight.analysis.tables",
    "rebuild": "saferinsight.ingest.rebuild",
    "record_kind": "saferinsight.records.kinds",
    "repeated_recommendations": "saferinsight.records.repeats",
    "resolve_area": "saferinsight.geo.areas",
    "resolve_shipped_area": "saferinsight.geo.areas",
    "review_register": "saferinsight.records.reviews",
    "roll_forward": "saferinsight.records.plans",
    "run_jobs": "saferinsight.jobs.runner",
    "template_csv": "saferinsight.datasets.templates",
    "template_xlsx": "saferinsight.datasets.templates",
    "upgrade_records": "saferinsight.records.database",
    "version_problems": "saferinsight.workspace.inventory",
    "workspace_status": "saferinsight.workspace.status",
}

__all__ = [
    "AccessEntry",
    "Accounts",
    "ActionItem",
    "AppError",
    "Area",
    "AreaAnalysis",
    "AreaError",
    "Benchmark",
    "ChangeTable",
    "CountsResult",
    "DamagedWarehouseError",
    "DataOverview",
    "DataVersion",
    "Dataset",
    "DatasetLoad",
    "DatasetSummary",
    "DatasetValidationError",
    "DatasetVersion",
    "DemoResult",
    "DisclosureError",
    "Export",
    "FundingTable",
    "GenerateReport",
    "GiStarResult",
    "HeaderError",
    "Hint",
    "HistoryEntry",
    "HotspotAnalysis",
    "Import",
    "IngestReport",
    "InputFileError",
    "JobWorker",
    "Kind",
    "KnoxResult",
    "MeasureVerdict",
    "NationalAnalysis",
    "NearRepeatAnalysis",
    "NewAccount",
    "OptionError",
    "PartnerAnalysis",
    "PartnerFile",
    "PeerGroup",
    "Period",
    "PermissionDeniedError",
    "Principal",
    "QueryError",
    "RebuildReport",
    "RecordConflictError",
    "RecordNotFoundError",
    "RecordValueError",
    "RecordView",
    "Records",
    "RecordsDatabaseError",
    "RecordsError",
    "ReferenceLoad",
    "RejectRow",
    "RepeatLocations",
    "RepeatedLesson",
    "ReportFiles",
    "ReviewRegister",
    "RolledPlan",
    "Rulebook",
    "Settings",
    "SettingsError",
    "SheetTable",
    "StructurePeriod",
    "Upgrade",
    "UserView",
    "Validation",
    "Warehouse",
    "WorkerRun",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceError",
    "WorkspaceStatus",
    "analyse_all_csps",
    "analyse_area",
    "analyse_partner_datasets",
    "benchmark_area",
    "build_demo",
    "build_report",
    "can",
    "change_table",
    "check_dataset_file",
    "count_records",
    "create_app",
    "data_overview",
    "dataset_inventory",
    "dataset_versions",
    "deadline_rules",
    "export_records",
    "find_hotspots",
    "find_near_repeats",
    "find_repeat_locations",
    "funding_table",
    "generate_for_area",
    "generate_partner_files",
    "generate_police_uk",
    "get_dataset",
    "getis_ord_gi_star",
    "import_records",
    "ingest_boundaries",
    "ingest_dataset",
    "ingest_geography",
    "ingest_police_uk",
    "ingest_population",
    "judge_measures",
    "knox_test",
    "list_actions",
    "list_rejects",
    "load_settings",
    "parse_period",
    "partnership_structure",
    "read_change_table_csv",
    "rebuild",
    "record_kind",
    "repeated_recommendations",
    "resolve_area",
    "resolve_shipped_area",
    "review_register",
    "roll_forward",
    "run_jobs",
    "template_csv",
    "template_xlsx",
    "upgrade_records",
    "version_problems",
    "workspace_status",
]

if TYPE_CHECKING:
    from saferinsight.accounts.users import Accounts, NewAccount, UserView
    from saferinsight.analysis.benchmark import Benchmark, benchmark_area
    from saferinsight.analysis.counts import CountsResult, count_records
    from saferinsight.analysis.engine import analyse_area
    from saferinsight.analysis.hotspots import HotspotAnalysis, find_hotspots
    from saferinsight.analysis.national import NationalAnalysis, analyse_all_csps
    from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partner_datasets
    from saferinsight.analysis.peers import PeerGroup
    from saferinsight.analysis.places import (
        NearRepeatAnalysis,
        RepeatLocations,
        find_near_repeats,
        find_repeat_locations,
    )
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.analysis.tables import ChangeTable, change_table, read_change_table_csv
    from saferinsight.core.periods import Period, parse_period
    from saferinsight.datasets.catalogue import get_dataset
    from saferinsight.datasets.schema import Dataset
    from saferinsight.datasets.spreadsheet import SheetTable
    from saferinsight.datasets.templates import template_csv, template_xlsx
    from saferinsight.datasets.validate import Validation
    from saferinsight.errors import (
        AppError,
        AreaError,
        DamagedWarehouseError,
        DatasetValidationError,
        DisclosureError,
        HeaderError,
        Hint,
        InputFileError,
        OptionError,
        PermissionDeniedError,
        QueryError,
        RecordConflictError,
        RecordNotFoundError,
        RecordsDatabaseError,
        RecordsError,
        RecordValueError,
        SettingsError,
        WorkspaceBusyError,
        WorkspaceError,
    )
    from saferinsight.generate.area import generate_for_area
    from saferinsight.generate.demo import DemoResult, build_demo
    from saferinsight.generate.partners import PartnerFile, generate_partner_files
    from saferinsight.generate.police_uk import GenerateReport, generate_police_uk
    from saferinsight.geo.areas import Area, resolve_area, resolve_shipped_area
    from saferinsight.ingest.datasets import DatasetLoad, check_dataset_file, ingest_dataset
    from saferinsight.ingest.geography import (
        ingest_boundaries,
        ingest_geography,
        ingest_population,
    )
    from saferinsight.ingest.police_uk import IngestReport, ingest_police_uk
    from saferinsight.ingest.rebuild import RebuildReport, rebuild
    from saferinsight.jobs.runner import JobWorker, WorkerRun, run_jobs
    from saferinsight.records.actions import ActionItem, list_actions
    from saferinsight.records.database import Upgrade, upgrade_records
    from saferinsight.records.deadlines import Rulebook
    from saferinsight.records.funding import FundingTable, funding_table
    from saferinsight.records.kinds import Kind, record_kind
    from saferinsight.records.measures import MeasureVerdict, judge_measures
    from saferinsight.records.permissions import Principal, can
    from saferinsight.records.plans import RolledPlan, roll_forward
    from saferinsight.records.repeats import RepeatedLesson, repeated_recommendations
    from saferinsight.records.reviews import ReviewRegister, deadline_rules, review_register
    from saferinsight.records.service import AccessEntry, HistoryEntry, Records, RecordView
    from saferinsight.records.structure import StructurePeriod, partnership_structure
    from saferinsight.records.transfer import Export, Import, export_records, import_records
    from saferinsight.reports.build import ReportFiles, build_report
    from saferinsight.settings import Settings, load_settings
    from saferinsight.stats.hotspots import GiStarResult, getis_ord_gi_star
    from saferinsight.stats.knox import KnoxResult, knox_test
    from saferinsight.store.datasets import DatasetVersion
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.web.app import create_app
    from saferinsight.workspace import Workspace
    from saferinsight.workspace.inventory import (
        DatasetSummary,
        dataset_inventory,
        dataset_versions,
        version_problems,
    )
    from saferinsight.workspace.overview import DataOverview, DataVersion, data_overview
    from saferinsight.workspace.reference import ReferenceLoad
    from saferinsight.workspace.status import (
        RejectRow,
        WorkspaceStatus,
        list_rejects,
        workspace_status,
    )


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'saferinsight' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
