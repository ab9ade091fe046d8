"""Most similar partnerships: the method, Shropshire's group, stability and a known answer."""

from __future__ import annotations

import math

import pytest

from saferinsight.analysis.peers import (
    DEFAULT_VARIABLES,
    PeerIndicators,
    PeerUnit,
    load_peer_indicators,
    peer_group,
)
from saferinsight.errors import AreaError, OptionError
from saferinsight.generate.fixtures import reference_warehouse
from saferinsight.geo.areas import AreaResolver


def test_the_units_are_the_partnership_areas_the_analysis_counts() -> None:
    units = load_peer_indicators().units
    with reference_warehouse() as warehouse:
        areas = AreaResolver(warehouse).partnerships()
    assert {u.code: u.lad_codes for u in units} == {a.code: a.lad_codes for a in areas}


def test_shropshire_peers_are_printed_with_their_variables_and_match_an_independent_sort(
    capsys: pytest.CaptureFixture[str],
) -> None:
    group = peer_group("E06000051")  # the council's code gives its partnership
    assert (group.code, group.name, group.k) == ("E22000360", "Shropshire", 15)
    for driver in group.drivers:
        print(f"{driver.label}: {driver.value:.2f} (peers {driver.peer_mean:.2f}, "
              f"all {driver.all_mean:.2f}, gap ratio {driver.gap_ratio:.3f})")  # fmt: skip
    for peer in group.peers:
        print(peer.code, peer.name, round(peer.distance, 3), peer.contributions[0])
    assert "Herefordshire, County of" in capsys.readouterr().out
    # Independent: z-scores with plain arithmetic, deprivation within each nation.
    units = load_peer_indicators().units

    def scaled(u: PeerUnit, key: str) -> float:
        v = u.value(key)
        return math.log10(v) if key == "density" else v

    z: dict[str, list[float]] = {u.code: [] for u in units}
    for key in DEFAULT_VARIABLES:
        nations = {"all": units}
        if key in ("deprivation", "deprived_share"):
            nations = {c: [u for u in units if u.country == c] for c in ("England", "Wales")}
        for members in nations.values():
            values = [scaled(u, key) for u in members]
            mean = sum(values) / len(values)
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
            for u in members:
                z[u.code].append((scaled(u, key) - mean) / sd)
    me = z["E22000360"]
    distances = sorted((math.dist(me, z[u.code]), u.code) for u in units if u.code != "E22000360")
    assert group.codes == tuple(code for _, code in distances[:15])
    for peer, (d, _) in zip(group.peers, distances, strict=False):
        assert peer.distance == pytest.approx(d, rel=1e-12)
        assert sum(share for _, share in peer.contributions) == pytest.approx(1.0)
    # The drivers: every variable once, lowest gap ratio first; the peers are close on them.
    assert sorted(d.variable for d in group.drivers) == sorted(DEFAULT_VARIABLES)
    assert [d.gap_ratio for d in group.drivers] == sorted(d.gap_ratio for d in group.drivers)
    assert all(d.gap_ratio < 0.2 for d in group.drivers)
    rural = next(d for d in group.drivers if d.variable == "rural")
    assert rural.value == pytest.approx(57.532, abs=1e-3)  # the indicators file's value


def test_the_group_is_stable_when_the_indicators_are_reloaded_or_reordered() -> None:
    first = peer_group("Shropshire")
    load_peer_indicators.cache_clear()
    reloaded = load_peer_indicators()
    assert peer_group("Shropshire", indicators=reloaded) == first
    shuffled = PeerIndicators(tuple(reversed(reloaded.units)), reloaded.source)
    assert peer_group("Shropshire", indicators=shuffled).codes == first.codes


def _unit(code: str, density: float, rural: float, country: str = "England") -> PeerUnit:
    values = {"density": density, "age_0_15": 18.0, "age_16_24": 10.0, "age_65_plus": 20.0,
              "rural": rural, "deprivation": 20.0, "deprived_share": 5.0}  # fmt: skip
    return PeerUnit(code, f"Area {code}", country, (code,), tuple(values.items()))


def test_a_constructed_case_with_a_known_answer() -> None:
    # Rurality and density place the units on a line; ties are broken by code.
    units = (
        _unit("E1", 100, 60),
        _unit("E2", 100, 60),  # identical to E1: distance 0
        _unit("E3", 1000, 10),
        _unit("E4", 1000, 10),
        _unit("E0", 120, 55),
        _unit("E5", 100, 60),  # a tie with E2, broken by code
    )
    data = PeerIndicators(units, "constructed")
    group = peer_group("E1", k=3, indicators=data)
    assert group.codes == ("E2", "E5", "E0")
    assert group.peers[0].distance == 0.0
    fixed = {d.variable: d.gap_ratio for d in group.drivers}
    assert fixed["age_0_15"] == 0.0  # no spread: z-scores 0 for everyone
    given = peer_group("E1", peers=["E3"], indicators=data)
    assert (given.chosen_by, given.codes) == ("given", ("E3",))
    assert given.peers[0].distance > group.peers[-1].distance


def test_bad_peer_options_are_refused() -> None:
    with pytest.raises(OptionError, match=r"^k must be"):
        peer_group("Shropshire", k=0)
    with pytest.raises(OptionError, match=r"^variables"):
        peer_group("Shropshire", variables=["height"])
    with pytest.raises(OptionError, match=r"^peers"):
        peer_group("Shropshire", peers=["Shropshire"])
    with pytest.raises(AreaError, match="Nowhere"):
        peer_group("Nowhere")


def test_other_variables_change_the_group() -> None:
    only_density = peer_group("Shropshire", variables=["density"])
    assert only_density.variables == ("density",)
    assert only_density.codes != peer_group("Shropshire").codes
    assert only_density.drivers[0].gap_ratio < 0.01
