"""The dashboard pages over the demo workspace: the figures are the analysis engine's, partner
data is confidential (logged, safeguarding by grant, disclosure-controlled in public), text is
escaped, and every chart has its data in the HTML (JavaScript off)."""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from saferinsight.accounts.users import Accounts
from saferinsight.analysis.engine import analyse_area
from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.partners.engine import analyse_partner_datasets
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.records.service import Records
from saferinsight.reports import charts
from saferinsight.reports.disclosure import protect_count
from saferinsight.web import create_app
from saferinsight.web.dashboard import REPORT_CSP
from saferinsight.workspace import Workspace
from tests.web.conftest import PASSWORD, token

pytestmark = pytest.mark.slow

PERIOD = "2024/25"


@dataclass
class Dash:
    workspace: Workspace
    records: Records
    analysis: AreaAnalysis

    def client(self, username: str | None = None) -> FlaskClient:
        client = create_app(self.workspace, testing=True).test_client()
        if username is not None:
            data = {"username": username, "password": PASSWORD}
            page = client.post("/sign-in", data={**data, "csrf_token": token(client, "/sign-in")})
            assert page.status_code == 302, page.get_data(as_text=True)
        return client


@pytest.fixture(scope="module")
def dash(tmp_path_factory: pytest.TempPathFactory, demo: Workspace) -> Dash:
    root = tmp_path_factory.mktemp("dashboard") / "ws"
    shutil.copytree(demo.root, root)
    workspace = Workspace(root)
    records = Records(workspace, actor="setup")
    accounts = Accounts(records)
    accounts.add(
        "analyst-x",
        display_name="Analyst",
        password=PASSWORD,
        grants={"sscp": "analyst"},
        adults=True,
    )
    accounts.add(
        "board-x", display_name="Board", password=PASSWORD, grants={"sscp": "board-member"}
    )
    accounts.add(
        "carer-x",
        display_name="Children",
        password=PASSWORD,
        grants={"sscp": "analyst"},
        children=True,
    )
    return Dash(workspace, records, analyse_area(workspace, "Shropshire", period=PERIOD))


def _page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def _tiles(page: str) -> dict[str, str]:
    """Each tile's title -> its main figure, as the page shows them."""
    found = re.findall(
        r'safer-tile__title">(?:<a[^>]*>)?([^<]+)(?:</a>)?</h3>.*?'
        r'safer-tile__figure"><span[^>]*>Now: </span>([^<]+)</p>',
        page,
        re.DOTALL,
    )
    return {html.unescape(title): figure for title, figure in found}


def test_the_overview_shows_the_engines_figures(dash: Dash) -> None:
    page = _page(dash.client("analyst-x"), f"/p/sscp/overview?period={PERIOD}")
    tiles = _tiles(page)
    for theme in dash.analysis.themes:
        assert tiles[theme.theme.title] == format_count(theme.current.count)
    partners = analyse_partner_datasets(dash.workspace, dash.analysis.area, dash.analysis.period)
    prevent = next(s for s in partners.sections if s.dataset == "prevent-channel")
    assert tiles[prevent.title] == format_count(prevent.changes[0][1].total.current)
    assert page.count('class="safer-sparkline"') >= len(dash.analysis.themes)
    assert "Making Data Count" in page
    assert 'role="img"' in page


def test_the_period_and_area_filters_choose_what_is_analysed(dash: Dash) -> None:
    client = dash.client("analyst-x")
    earlier = analyse_area(dash.workspace, "Shropshire", period="2023/24")
    tiles = _tiles(_page(client, "/p/sscp/overview?period=2023/24"))
    assert tiles["All crime"] == format_count(earlier.themes[0].current.count)
    ward = dash.analysis.themes[0].ward_counts[0]
    page = _page(client, f"/p/sscp/overview?period={PERIOD}&area={ward.code}")
    ward_analysis = analyse_area(dash.workspace, ward.code, period=PERIOD)
    assert _tiles(page)["All crime"] == format_count(ward_analysis.themes[0].current.count)
    assert "held for the whole partnership area" in page
    _page(client, "/p/sscp/overview?period=1999/00", status=400)


def test_reading_partner_data_is_logged(dash: Dash) -> None:
    before = len(dash.records.access_log(actor="board-x", kind="partner-data"))
    _page(dash.client("board-x"), "/p/sscp/overview")
    log = dash.records.access_log(actor="board-x", kind="partner-data")
    assert len(log) == before + 1
    assert "asb-incidents" in log[0].detail
    assert "childrens-safeguarding" not in log[0].detail


def test_safeguarding_datasets_need_their_grant(dash: Dash) -> None:
    adults = _tiles(_page(dash.client("analyst-x"), "/p/sscp/overview"))
    children = _tiles(_page(dash.client("carer-x"), "/p/sscp/overview"))
    board = _page(dash.client("board-x"), "/p/sscp/overview")
    assert "Adult safeguarding" in adults
    assert "Children's safeguarding" not in adults
    assert "Children's safeguarding" in children
    assert "Adult safeguarding" not in children
    assert not {"Adult safeguarding", "Children's safeguarding"} & set(_tiles(board))
    assert "Not shown, because your role has not been granted them" in board


def test_the_public_dashboard_shows_the_public_edition(dash: Dash) -> None:
    client = dash.client()
    page = _page(client, "/public/sscp/")
    tiles = _tiles(page)
    partners = analyse_partner_datasets(dash.workspace, dash.analysis.area, dash.analysis.period)
    checked = 0
    for section in partners.sections:
        if section.disclosure != "confidential" or "safeguarding" in section.dataset:
            continue
        true = section.changes[0][1].total.current if section.changes else None
        if true is None or not section.changes[0][1].total.label:
            continue
        assert tiles[section.title] == protect_count(true)
        checked += 1
    assert checked >= 5
    assert "Adult safeguarding" not in tiles
    assert "Children's safeguarding" not in tiles
    # police.uk (open) figures are exact; no monthly line of confidential counts
    assert tiles["All crime"] == format_count(dash.analysis.themes[0].current.count)
    assert page.count('class="safer-sparkline"') == len(dash.analysis.themes)
    assert "/p/sscp/themes/" not in page  # no links into the signed-in pages
    site = _page(client, "/public/")
    assert "/public/sscp/" in site


def test_public_editions_only_are_served(dash: Dash) -> None:
    reports = dash.workspace.root / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "shropshire-strategic-assessment-2024-25-public.html").write_text("<p>Public</p>")
    (reports / "shropshire-strategic-assessment-2024-25-public.pdf").write_bytes(b"%PDF-1.7")
    (reports / "shropshire-strategic-assessment-2024-25.html").write_text("<p>Full</p>")
    client = dash.client()
    listing = _page(client, "/public/")
    assert "shropshire-strategic-assessment-2024-25-public.pdf" in listing
    assert "shropshire-strategic-assessment-2024-25.html" not in listing
    shown = client.get("/public/reports/shropshire-strategic-assessment-2024-25-public.html")
    assert shown.status_code == 200
    assert shown.headers["Content-Security-Policy"] == REPORT_CSP
    pdf = client.get("/public/reports/shropshire-strategic-assessment-2024-25-public.pdf")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    for name in ("shropshire-strategic-assessment-2024-25.html", "..%2Fweb-secret", "x-public.txt"):
        assert client.get(f"/public/reports/{name}").status_code == 404, name


def test_a_theme_page_has_the_reports_charts_and_their_data(dash: Dash) -> None:
    page = _page(dash.client("analyst-x"), f"/p/sscp/themes/asb?period={PERIOD}")
    theme = next(t for t in dash.analysis.themes if t.theme.key == "asb")
    spc = charts.spc_chart(theme)
    assert spc is not None
    found = re.search(r'<script type="application/json" id="spec-asb-spc">(.*?)</script>', page)
    assert found
    assert json.loads(found.group(1)) == spc.spec
    assert page.count('class="safer-vega__static"') == 5  # months, SPC, three years, wards, map
    assert page.count("<table") == 5
    # JavaScript off: each chart's figures are in its table
    for pair in theme.twelve_months:
        assert (
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{pair.count:,}</td>' in page
        )
    for ward in theme.top_wards:
        assert f"/p/sscp/areas/{ward.code}?period=" in page
    assert "'unsafe-eval'" not in dash.client().get("/").headers["Content-Security-Policy"]
    _page(dash.client("analyst-x"), "/p/sscp/themes/nonsense", status=400)


def test_a_ward_profile_gives_its_counts_by_theme(dash: Dash) -> None:
    ward = dash.analysis.themes[0].ward_counts[0]
    page = _page(dash.client("analyst-x"), f"/p/sscp/areas/{ward.code}?period={PERIOD}")
    expected = analyse_area(dash.workspace, ward.code, period=PERIOD)
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>',
        page,
    )
    assert dict(rows) == {t.theme.title: format_count(t.current.count) for t in expected.themes}
    telford = analyse_area(dash.workspace, "Telford and Wrekin", period=PERIOD)
    other = telford.themes[0].ward_counts[0].code
    assert "is not a ward or LSOA of Shropshire" in _page(
        dash.client("analyst-x"), f"/p/sscp/areas/{other}", status=400
    )


def test_text_on_the_dashboard_is_escaped(dash: Dash) -> None:
    payload = '<script>alert("x")</script>'
    key = dash.records.get("partnership", "sscp")
    dash.records.update("partnership", "sscp", {"name": payload}, version=key.version)
    try:
        for client, path in (
            (dash.client("analyst-x"), "/p/sscp/overview"),
            (dash.client(), "/public/sscp/"),
            (dash.client(), "/public/"),
            (dash.client("analyst-x"), f"/p/sscp/overview?period={payload}"),
        ):
            page = client.get(path).get_data(as_text=True)
            assert payload not in page, path
    finally:
        current = dash.records.get("partnership", "sscp")
        dash.records.update(
            "partnership", "sscp", {"name": key.values["name"]}, version=current.version
        )


def test_static_files_for_the_charts_are_vendored(dash: Dash) -> None:
    static = Path(__file__).parents[2] / "src" / "saferinsight" / "web" / "static"
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js"):
        assert (static / "vendor" / name).stat().st_size > 1000
    interpreter = (static / "vendor" / "vega-interpreter.js").read_text()
    assert "from 'vega-util'" not in interpreter  # a browser cannot resolve the bare name
    assert "expressionInterpreter" in (static / "charts.js").read_text()
