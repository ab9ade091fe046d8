"""Area resolution by name or code across CSPs, local authorities, forces, wards and LSOAs."""

from __future__ import annotations

import pytest

from saferinsight.errors import AreaError
from saferinsight.geo.areas import AreaResolver, normalise
from saferinsight.store.areas import NORMALISED_NAME, area_index
from saferinsight.store.warehouse import Warehouse


@pytest.fixture(scope="module")
def resolver(reference: Warehouse) -> AreaResolver:
    return AreaResolver(reference)


@pytest.mark.parametrize(
    ("text", "level", "code"),
    [
        ("Shropshire", "csp", "E22000360"),
        ("shropshire", "csp", "E22000360"),
        ("E06000051", "lad", "E06000051"),
        ("la:Shropshire", "lad", "E06000051"),
        ("Telford & Wrekin", "csp", "E22000333"),
        ("West Mercia", "pfa", "E23000016"),
        ("West Mercia Police", "pfa", "E23000016"),
        ("west-mercia", "pfa", "E23000016"),
        ("E23000016", "pfa", "E23000016"),
        ("Quarry and Coton Hill", "ward", "E05008180"),
        ("E01028826", "lsoa", "E01028826"),
        ("Shropshire 027A", "lsoa", "E01028826"),
        ("force:Dorset", "pfa", "E23000039"),
        ("Abbey (Shropshire)", "ward", "E05008136"),
        ("Buckinghamshire", "lad", "E06000060"),
    ],
)
def test_names_and_codes_resolve(resolver: AreaResolver, text: str, level: str, code: str) -> None:
    area = resolver.resolve(text)
    assert (area.level, area.code) == (level, code)


def test_a_partnership_covers_its_local_authorities(resolver: AreaResolver) -> None:
    assert resolver.resolve("Shropshire").lad_codes == ("E06000051",)
    assert resolver.resolve("Western Suffolk").lad_codes == ("E07000200", "E07000203", "E07000245")
    west_mercia = resolver.resolve("West Mercia")
    assert west_mercia.force == "west-mercia"
    assert set(west_mercia.lad_codes) >= {"E06000051", "E06000020", "E06000019"}


def test_ambiguous_names_list_the_candidates(resolver: AreaResolver) -> None:
    with pytest.raises(AreaError) as caught:
        resolver.resolve("Abbey")
    message = str(caught.value)
    assert "'Abbey' matches" in message
    assert "E05008136  ward:Abbey (Shropshire)" in message
    with pytest.raises(AreaError, match="force:Dorset"):
        resolver.resolve("Dorset")


def test_legacy_partnerships_explain_what_to_use(resolver: AreaResolver) -> None:
    with pytest.raises(AreaError, match=r"former district partnership.*E06000060"):
        resolver.resolve("Aylesbury Vale")
    dorset = resolver.resolve("csp:Dorset")
    assert dorset.lad_codes == ("E06000059",)
    assert "E06000058" in dorset.note


def test_unknown_names_suggest_close_matches(resolver: AreaResolver) -> None:
    with pytest.raises(AreaError, match=r"no area called 'Shrops'.*Did you mean: .*Shropshire"):
        resolver.resolve("Shrops")
    with pytest.raises(AreaError, match="an area is required"):
        resolver.resolve("  ")


def test_normalise_folds_ampersands_and_punctuation() -> None:
    assert (
        normalise("  Bournemouth,  Christchurch & Poole ") == "bournemouth christchurch and poole"
    )


def test_the_index_normalises_names_in_sql_as_normalise_does(reference: Warehouse) -> None:
    """The resolver's name index folds names in SQL; it must agree with ``normalise``."""
    index = area_index(reference)
    odd = ["Ynys Môn & Gwynedd", " St. Helens's  (North) ", "A--B__C", "Rhondda-Cynon-Taf"]
    folded = reference.execute(
        f"SELECT {NORMALISED_NAME} FROM unnest(?::VARCHAR[]) t(name)", [odd]
    ).fetchall()
    assert len(index) > 40_000
    assert [row for row in index if row[4] != normalise(row[2])] == []
    assert [row[0] for row in folded] == [normalise(name) for name in odd]


def test_partnerships_cover_every_local_authority_once(resolver: AreaResolver) -> None:
    areas = resolver.partnerships()
    lads = [lad for area in areas for lad in area.lad_codes]
    assert len(lads) == len(set(lads)) == 318  # every local authority of England and Wales
    by_code = {area.code: area for area in areas}
    assert len(areas) == len(by_code) == 301
    assert by_code["E22000360"].lad_codes == ("E06000051",)  # Shropshire
    assert by_code["E06000060"].level == "lad"  # Buckinghamshire: former partnerships merged
    assert "E22000303" not in by_code  # Aylesbury Vale, one of them
    assert by_code["E22000367"].lad_codes == ("E06000059",)  # csp:Dorset, without BCP
