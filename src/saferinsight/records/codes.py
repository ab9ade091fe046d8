"""Code lists of the governance records, declared once: review kinds, review stages, statuses.

Each list maps a stable key (stored in the records, used in files and on the command line) to
the label a report prints. The keys are lower-case words joined by hyphens.

Examples
--------
>>> REVIEW_KINDS["dhr"]
'Domestic Homicide Review'
>>> review_components("joint-sar-dhr")
('sar', 'dhr')
>>> "rapid-review" in REVIEW_STAGES
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ACTION_STATUSES",
    "AUDIT_GRADES",
    "AUDIT_KINDS",
    "BODY_KINDS",
    "COMMITMENT_STATUSES",
    "COMPLIANCE",
    "DEADLINE_UNITS",
    "DIRECTIONS",
    "FREQUENCIES",
    "FUNDING_SHARE_BASES",
    "LEVELS",
    "PARTNERSHIP_KINDS",
    "REVIEW_DECISIONS",
    "REVIEW_KINDS",
    "REVIEW_STAGES",
    "ROLES",
    "STATEMENT_KINDS",
    "review_components",
]


def _codes(pairs: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(pairs)


#: Kinds of partnership.
PARTNERSHIP_KINDS = _codes(
    {
        "csp": "Community Safety Partnership",
        "children": "Children's Safeguarding Partnership",
        "adults": "Safeguarding Adults Board",
        "joint": "Joint safeguarding and community safety partnership",
    }
)

#: Kinds of body within a partnership's structure.
BODY_KINDS = _codes(
    {
        "board": "Board",
        "executive": "Executive group",
        "subgroup": "Subgroup",
        "task-and-finish": "Task-and-finish group",
        "system-group": "System group (practice oversight)",
        "priority-group": "Strategic priority group",
        "business-unit": "Business unit",
        "scrutiny": "Independent scrutiny",
    }
)

#: Kinds of statutory (and local) case review. Joint kinds are reviews held under two duties
#: at once; :func:`review_components` gives the kinds they combine.
REVIEW_KINDS = _codes(
    {
        "rapid-review": "Rapid Review",
        "lcspr": "Local Child Safeguarding Practice Review",
        "national-review": "National Panel review",
        "sar": "Safeguarding Adult Review",
        "dhr": "Domestic Homicide Review",
        "owhr": "Offensive Weapon Homicide Review",
        "asb-case-review": "ASB Case Review (Community Trigger)",
        "joint-lcspr-sar": "Joint Local Child Safeguarding Practice Review and Safeguarding "
        "Adult Review",
        "joint-sar-dhr": "Joint Safeguarding Adult Review and Domestic Homicide Review",
    }
)

_JOINT: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"joint-lcspr-sar": ("lcspr", "sar"), "joint-sar-dhr": ("sar", "dhr")}
)


def review_components(kind: str) -> tuple[str, ...]:
    """The review kinds a kind combines: itself, or the two kinds of a joint review."""
    return _JOINT.get(kind, (kind,))


#: The dated events of a case review, in the order they usually happen. A review records the
#: date of each event that has happened; its stage is the latest of them.
REVIEW_STAGES = _codes(
    {
        "referral": "Referral or notification received (the partnership became aware)",
        "notified": "National Panel or Home Office notified",
        "rapid-review": "Rapid Review completed and sent to the National Panel",
        "decision": "Decision taken on whether to hold a review",
        "review-started": "Review started (panel convened or author appointed)",
        "completed": "Report completed and agreed",
        "submitted": "Submitted to the Home Office for quality assurance",
        "approved": "Home Office quality assurance complete",
        "published": "Report published",
        "learning-published": "Learning briefing or event published",
        "action-plan-agreed": "Action plan agreed",
        "action-plan-closed": "Action plan closed",
        "outcome": "Outcome given to the applicant",
    }
)

#: What a review's decision can be.
REVIEW_DECISIONS = _codes(
    {
        "review": "Review to be held",
        "national-review": "Referred for a national review",
        "no-review": "No review; learning taken forward another way",
        "not-progressed": "Did not meet the threshold for a review",
        "action-plan": "Action plan developed",
        "withdrawn": "Request withdrawn",
    }
)

#: Statuses of a commitment in an action plan ("we said we would").
COMMITMENT_STATUSES = _codes(
    {
        "not-started": "Not started",
        "on-track": "On track",
        "at-risk": "At risk",
        "achieved": "Achieved",
        "partly-achieved": "Partly achieved",
        "not-achieved": "Not achieved",
        "superseded": "Superseded",
    }
)

#: Statuses of an action on a case review recommendation.
ACTION_STATUSES = _codes(
    {
        "open": "Open",
        "in-progress": "In progress",
        "completed": "Completed (evidence recorded)",
        "closed": "Closed",
        "cancelled": "Cancelled",
    }
)

#: How often a body meets.
FREQUENCIES = _codes(
    {
        "weekly": "Weekly",
        "fortnightly": "Fortnightly",
        "monthly": "Monthly",
        "bi-monthly": "Bi-monthly",
        "quarterly": "Quarterly",
        "bi-annual": "Bi-annual",
        "annual": "Annual",
        "as-required": "As required",
    }
)

#: A statutory duty's assessed compliance.
COMPLIANCE = _codes(
    {
        "compliant": "Compliant",
        "partly-compliant": "Partly compliant",
        "non-compliant": "Non-compliant",
        "not-assessed": "Not assessed",
    }
)

#: Kinds of signed statement a report prints.
STATEMENT_KINDS = _codes(
    {
        "foreword": "Foreword",
        "partner-statement": "Key partner statement",
        "scrutiny": "Independent scrutineer's statement",
    }
)

#: Which way a success measure should move.
DIRECTIONS = _codes({"down": "Lower is better", "up": "Higher is better"})

#: Whether a recommendation is for local agencies or national bodies.
LEVELS = _codes({"local": "Local", "national": "National"})

#: Kinds of quality assurance audit.
AUDIT_KINDS = _codes(
    {
        "macfa": "Multi-agency case file audit",
        "dip-sample": "Dip-sample audit",
        "section-11": "Section 11 audit",
        "section-175": "Section 175 audit",
        "single-agency": "Single-agency audit",
    }
)

#: Grades an audit gives a domain or overall (Ofsted's four-point scale and the seeds' mixes).
AUDIT_GRADES = _codes(
    {
        "outstanding": "Outstanding",
        "good": "Good",
        "good-with-ri": "Good with some areas of Requires Improvement",
        "requires-improvement": "Requires Improvement",
        "inadequate": "Inadequate",
    }
)

#: What a year's "% of expected income" is a share of. The seeds use both: 2022/23 and 2023/24
#: print each contribution as a share of the expected budget in whole percentages (and the total
#: as the sum of those), 2024/25 as a share of the year's contributions to two decimals.
FUNDING_SHARE_BASES = _codes(
    {
        "expected-budget": "Share of the expected budget",
        "contributions": "Share of the year's contributions",
    }
)

#: Units of a local deadline rule's timescale (keys as :mod:`.deadlines` spells them with
#: spaces: "working days").
DEADLINE_UNITS = _codes(
    {
        "working-days": "Working days (Monday to Friday, not England and Wales bank holidays)",
        "calendar-days": "Calendar days",
        "months": "Calendar months",
    }
)

#: What a signed-in user may do in a partnership (the public needs no account).
ROLES = _codes(
    {
        "administrator": "Administrator: accounts, settings and everything an analyst may do",
        "analyst": "Analyst: loads and analyses data, writes reports, reads the records",
        "business-manager": "Business manager: runs the governance records and the reports",
        "agency-contributor": "Agency contributor: uploads its agency's datasets, updates the "
        "actions it owns",
        "board-member": "Board member: reads what the partnership publishes to its board",
    }
)
