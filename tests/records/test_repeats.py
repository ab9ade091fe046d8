"""Lessons that reviews keep making, by theme or by wording."""

from __future__ import annotations

import pytest

from saferinsight.errors import OptionError
from saferinsight.records.repeats import repeated_recommendations, similarity
from saferinsight.records.service import Records


def test_reviews_repeating_a_lesson_are_grouped(records: Records) -> None:
    records.add("partnership", {"key": "p", "name": "P", "kind": "joint"})
    for ref in ("sar-a", "sar-b", "dhr-c"):
        records.add("review", {"partnership": "p", "ref": ref, "kind": ref[:3], "pseudonym": ref})
    for review, theme, text in [
        ("sar-a", "Carers", "Offer every carer an assessment of their own needs."),
        ("sar-b", "carers ", "Carers' assessments were not offered: offer them."),
        ("sar-a", None, "Share information with the GP promptly when risk changes."),
        ("dhr-c", None, "Information should be shared promptly with GPs when risk changes."),
        ("dhr-c", "Carers", "A second carers recommendation in the same review."),
        ("sar-b", "Housing", "Involve housing in strategy meetings."),
    ]:
        records.add("recommendation", {"review": review, "theme": theme, "text": text})
    lessons = repeated_recommendations(records)
    assert [(lesson.themes, lesson.reviews) for lesson in lessons] == [
        (("Carers",), 3),
        ((), 2),
    ]
    assert [r.review for r in lessons[1].recommendations] == ["sar-a", "dhr-c"]
    assert similarity(lessons[1].recommendations[0].text, lessons[1].recommendations[1].text) >= 0.5
    with pytest.raises(OptionError, match="threshold"):
        repeated_recommendations(records, threshold=0)
