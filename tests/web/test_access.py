"""Every route, every role: the status each gets, generated from the route table so that a new
route without a rule fails here."""

from __future__ import annotations

import pytest

from saferinsight.records.codes import ROLES
from saferinsight.records.permissions import Grant, Principal, can
from saferinsight.web.access import rule_of
from tests.web.conftest import AGENCY, Site, finished_report, staged_upload

#: Values for the routes' arguments.
ARGS = {
    "partnership": "sscp",
    "theme": "asb",
    "code": "E05008136",
    "name": "shropshire-strategic-assessment-2024-25-public.html",
}
#: What each role gets on the main pages, written out by hand (not from the rules).
EXPECTED = {
    "/p/sscp/reviews": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/p/sscp/funding": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 200,
        "agency-contributor": 200,
        "board-member": 200,
        "other": 403,
        None: 302,
    },
    "/p/sscp/audit": {
        "administrator": 200,
        "analyst": 403,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/account": {**dict.fromkeys((*ROLES, "other"), 200), None: 302},
    "/account/two-factor": {**dict.fromkeys((*ROLES, "other"), 200), None: 302},
    "/p/sscp/history": {
        "administrator": 200,
        "analyst": 403,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/p/sscp/data": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/p/sscp/uploads": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 403,
        "agency-contributor": 200,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/p/sscp/reports": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 200,
        "other": 403,
        None: 302,
    },
    "/p/sscp/reports/new": {
        "administrator": 200,
        "analyst": 200,
        "business-manager": 200,
        "agency-contributor": 403,
        "board-member": 403,
        "other": 403,
        None: 302,
    },
    "/p/twp/": {"administrator": 403, "other": 200, None: 302},
    "/p/sscp/overview": {**dict.fromkeys((*ROLES,), 200), "other": 403, None: 302},
    "/p/twp/overview": {"administrator": 403, "other": 200, None: 302},
    "/public/sscp/": dict.fromkeys((*ROLES, "other", None), 200),
    "/": dict.fromkeys((*ROLES, "other", None), 200),
}


#: Routes on an agency's things: the contributor of that agency may open them.
AGENCY_ENDPOINTS = {"pages.action", "data.uploads", "data.upload", "data.problems"}


def _urls(site: Site) -> list[tuple[str, str, object]]:
    reports = site.app.extensions["safer_workspace"].root / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / ARGS["name"]).write_text("<p>A public edition.</p>", encoding="utf-8")
    found = []
    objects = {"upload": staged_upload(site), "job": finished_report(site), "fmt": "html"}
    with site.app.test_request_context():
        for rule in site.app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            view = site.app.view_functions[rule.endpoint]
            args = dict(ARGS)
            if "action" in rule.arguments:
                args["action"] = _police_action(site)
            args.update({k: v for k, v in objects.items() if k in rule.arguments})
            path = rule.build(args)[1]  # type: ignore[index]
            found.append((rule.endpoint, path, rule_of(view)))
    return found


def _police_action(site: Site) -> int:
    return next(a.id for a in site.records.list("review-action") if a.values["agency"] == AGENCY)


def test_every_route_declares_who_may_open_it(site: Site) -> None:
    missing = [endpoint for endpoint, _, found in _urls(site) if found is None]
    assert missing == []


@pytest.mark.parametrize("who", [*ROLES, "other", None])
def test_every_route_answers_each_role_as_its_rule_says(site: Site, who: str | None) -> None:
    client = site.signed_in(who) if who else site.client()
    grants = (
        (Grant("twp", "analyst"),)
        if who == "other"
        else ((Grant("sscp", who, True, True),) if who else ())
    )
    person = Principal(who or "public", grants=grants, agency=AGENCY, anonymous=who is None)
    for endpoint, path, rule in _urls(site):
        assert rule is not None
        with client.get(path) as response:  # a download holds its file open until closed
            status = response.status_code
        if rule.action == "view-public":
            assert status in (200, 302, 405), (endpoint, status)
            continue
        if who is None:
            assert status == 302, (endpoint, status)
            continue
        allowed = can(
            person,
            rule.action,
            partnership="sscp" if rule.partnership else None,
            agency=AGENCY if endpoint in AGENCY_ENDPOINTS else None,
        )
        assert status == (200 if allowed else 403), (who, endpoint, status)
        if path in EXPECTED:
            assert status == EXPECTED[path][who], (who, path, status)
    for path, expected in EXPECTED.items():
        if who in expected:
            assert client.get(path).status_code == expected[who], (who, path)
