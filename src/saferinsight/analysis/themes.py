"""Themes of the strategic assessment and the police.uk crime types each covers."""

from __future__ import annotations

from dataclasses import dataclass

from saferinsight.core.categories import ASB, STREET_CRIME_TYPES
from saferinsight.errors import Hint, OptionError


@dataclass(frozen=True)
class Theme:
    """A strategic assessment theme: its police.uk crime types and what counts as better."""

    key: str
    title: str
    crime_types: tuple[str, ...]
    unit: str  # "crimes" or "incidents"
    improvement: str  # "decrease", "increase" or "neutral" (proactive policing measures)
    note: str = ""
    noun: str = ""  # what a count of it is called in a sentence ("burglaries")

    @property
    def counted(self) -> str:
        """The noun for sentences such as '1,234 burglaries were recorded'."""
        return self.noun or self.title.lower()


CRIMES = tuple(t for t in STREET_CRIME_TYPES if t != ASB)

_POLICE_ACTIVITY = "{} mostly reflect police activity, so a rise is not simply worse"

THEMES: tuple[Theme, ...] = (
    Theme(
        "total",
        "All crime",
        CRIMES,
        "crimes",
        "decrease",
        "police.uk street crimes of every type; anti-social behaviour is counted separately",
        noun="crimes",
    ),
    Theme(
        "violence",
        "Violence and sexual offences",
        ("Violence and sexual offences",),
        "crimes",
        "decrease",
        noun="violence and sexual offences",
    ),
    Theme(
        "asb",
        "Anti-social behaviour",
        (ASB,),
        "incidents",
        "decrease",
        "ASB figures are incidents reported to the police, not crimes",
        noun="anti-social behaviour incidents",
    ),
    Theme(
        "criminal-damage",
        "Criminal damage and arson",
        ("Criminal damage and arson",),
        "crimes",
        "decrease",
        noun="criminal damage and arson offences",
    ),
    Theme(
        "theft",
        "Shoplifting and other theft",
        ("Shoplifting", "Other theft", "Theft from the person", "Bicycle theft"),
        "crimes",
        "decrease",
        noun="shoplifting and other theft offences",
    ),
    Theme("burglary", "Burglary", ("Burglary",), "crimes", "decrease", noun="burglaries"),
    Theme(
        "vehicle", "Vehicle crime", ("Vehicle crime",), "crimes", "decrease", noun="vehicle crimes"
    ),
    Theme(
        "drugs",
        "Drugs",
        ("Drugs",),
        "crimes",
        "neutral",
        _POLICE_ACTIVITY.format("drug offences"),
        noun="drug offences",
    ),
    Theme(
        "public-order",
        "Public order",
        ("Public order",),
        "crimes",
        "decrease",
        noun="public order offences",
    ),
    Theme(
        "weapons",
        "Possession of weapons",
        ("Possession of weapons",),
        "crimes",
        "neutral",
        _POLICE_ACTIVITY.format("possession offences"),
        noun="possession of weapons offences",
    ),
    Theme("robbery", "Robbery", ("Robbery",), "crimes", "decrease", noun="robberies"),
)
THEME_KEYS = tuple(t.key for t in THEMES)


def select_themes(choice: str) -> tuple[Theme, ...]:
    """Themes named by key (comma-separated) or ``all``.

    Examples
    --------
    >>> [t.key for t in select_themes("asb,violence")]
    ['asb', 'violence']
    """
    if choice.strip().lower() == "all":
        return THEMES
    by_key = {t.key: t for t in THEMES}
    chosen = []
    for key in (k.strip().lower() for k in choice.split(",") if k.strip()):
        if key not in by_key:
            raise OptionError(
                "themes",
                f"names an unknown theme {key!r}; choose 'all' or from {', '.join(THEME_KEYS)}.",
                hint=Hint("retry", "Choose themes from the list, or all of them."),
            )
        chosen.append(by_key[key])
    if not chosen:
        raise OptionError(
            "themes",
            "names no theme; use 'all' or a theme such as 'asb'.",
            hint=Hint(
                "retry", "Choose one theme or more, or all of them.", options={"themes": "all"}
            ),
        )
    return tuple(chosen)
