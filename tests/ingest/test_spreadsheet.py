"""Reading partner agencies' spreadsheets: finding the table in messy CSV and XLSX files."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import from_excel

from saferinsight.datasets import spreadsheet
from saferinsight.datasets.spreadsheet import (
    SheetTable,
    SkippedRow,
    normalise_header,
    parse_date,
    parse_month,
    read_table,
)
from saferinsight.errors import InputFileError

COLUMNS = {"area": ("Ward",), "month": (), "count": ("Incidents", "No. of incidents")}


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def numbers(table: SheetTable) -> list[int]:
    return [row.number for row in table.rows]


def skipped(table: SheetTable) -> list[tuple[int, str]]:
    return [(row.number, row.reason) for row in table.skipped]


# --- CSV --------------------------------------------------------------------------------------


def test_clean_csv(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "asb.csv",
        [["Area", "Month", "Count"], ["Abbey", "2024-04", "12"], ["Baxter", "2024-04", "3"]],
    )
    table = read_table(path, COLUMNS, required=["area", "count"])
    assert table.path == path
    assert (table.sheet, table.encoding, table.header_row) == (None, "utf-8", 1)
    assert table.columns == {"area": "Area", "month": "Month", "count": "Count"}
    assert table.extra_columns == ()
    assert numbers(table) == [2, 3]
    assert table.rows[0].values == {"area": "Abbey", "month": "2024-04", "count": "12"}
    assert table.rows[1].text == "Baxter, 2024-04, 3"
    assert table.skipped == ()


def test_csv_with_bom_records_utf8_sig_and_matches_first_header(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bom.csv", [["Ward", "Incidents"], ["Abbey", "12"]], encoding="utf-8-sig"
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_table(path, COLUMNS, required=["area"])
    assert table.encoding == "utf-8-sig"
    assert table.columns == {"area": "Ward", "count": "Incidents"}
    assert table.rows[0].values == {"area": "Abbey", "count": "12"}


def test_cp1252_csv_with_pound_and_accent(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_bytes('Area,Month,Count\r\nCafé Quarter,2024-04,"£1,234"\r\n'.encode("cp1252"))
    table = read_table(path, COLUMNS)
    assert table.encoding == "cp1252"
    assert table.rows[0].values == {"area": "Café Quarter", "month": "2024-04", "count": "£1,234"}


@pytest.mark.parametrize(("delimiter", "name"), [(";", "fire.csv"), ("\t", "fire.txt")])
def test_semicolon_and_tab_delimited(tmp_path: Path, delimiter: str, name: str) -> None:
    rows = [["Fire incidents"], ["Area", "Month", "Count"], ["Abbey", "2024-04", "1,5"]]
    table = read_table(write_csv(tmp_path / name, rows, delimiter=delimiter), COLUMNS)
    assert table.header_row == 2
    assert table.rows[0].values == {"area": "Abbey", "month": "2024-04", "count": "1,5"}


def test_a_wrong_sniff_is_corrected_by_the_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheet, "_sniff", lambda text: ",")
    path = tmp_path / "semi.csv"
    path.write_text('"Report, 2024"\nArea;Count\n"Abbey, North";1\n', encoding="utf-8")
    table = read_table(path, COLUMNS)
    assert table.rows[0].values == {"area": "Abbey, North", "count": "1"}


def test_excel_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\nArea;Count\nAbbey;1,5\n", encoding="utf-8")
    table = read_table(path, COLUMNS)
    assert table.rows[0].values == {"area": "Abbey", "count": "1,5"}
    assert skipped(table) == [(1, "title")]


def test_messy_csv_row_numbers_of_kept_and_skipped_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "messy.csv",
        [
            ["Anti-social behaviour incidents"],  # 1
            ["Produced by Wyre Forest DC, 3 May 2024"],  # 2
            [],  # 3
            ["Area", "Month", "Count", "Notes"],  # 4
            ["Abbey", "2024-04", "12", ""],  # 5
            [],  # 6
            ["Baxter", "2024-04", "1,234", "checked"],  # 7
            ["", "", "", ""],  # 8
            ["Total", "", "1246", ""],  # 9
            ["Source: Wyre Forest DC"],  # 10
            ["* figures provisional"],  # 11
            [],  # 12: trailing blank rows are not reported
        ],
    )
    table = read_table(path, COLUMNS, required=["area", "count"])
    assert table.header_row == 4
    assert table.extra_columns == ("Notes",)
    assert numbers(table) == [5, 7]
    assert table.rows[1].values == {"area": "Baxter", "month": "2024-04", "count": "1,234"}
    assert table.rows[1].text == "Baxter, 2024-04, 1,234, checked"
    assert skipped(table) == [
        (1, "title"),
        (2, "title"),
        (3, "blank"),
        (6, "blank"),
        (8, "blank"),
        (9, "totals"),
        (10, "note"),
        (11, "note"),
    ]
    assert table.skipped[1] == SkippedRow(2, "title", "Produced by Wyre Forest DC, 3 May 2024")
    assert table.skipped[5].text == "Total, , 1246"


def test_embedded_newline_reports_the_line_the_record_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(
        'Area,Count,Comment\r\nAbbey,12,"line one\r\nline two\r\nline three"\r\nBaxter,3,ok\r\n',
        encoding="utf-8",
    )
    table = read_table(path, {**COLUMNS, "comment": ()})
    assert numbers(table) == [2, 5]
    assert table.rows[0].values["comment"] == "line one\r\nline two\r\nline three"


def test_lone_cell_row_followed_by_data_is_kept_as_data(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "gaps.csv",
        [
            ["Area", "Month", "Count"],
            ["Abbey", "2024-04", "12"],
            ["Baxter"],
            ["Clent", "2024-04", "3"],
            ["Source: district council"],
        ],
    )
    table = read_table(path, COLUMNS)
    assert numbers(table) == [2, 3, 4]
    assert table.rows[1].values == {"area": "Baxter", "month": None, "count": None}
    assert skipped(table) == [(5, "note")]


def test_single_column_table_has_no_notes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "postcodes.csv", [["Postcode"], ["WR1 1AA"], ["WR2 2BB"]])
    table = read_table(path, {"postcode": ()})
    assert [row.values["postcode"] for row in table.rows] == ["WR1 1AA", "WR2 2BB"]
    assert table.skipped == ()


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Total", "totals"),
        ("TOTAL:", "totals"),
        ("Totals", "totals"),
        ("Grand Total", "totals"),
        ("grand total (all wards)", "totals"),
        ("Sum", "totals"),
        ("All areas", "totals"),
        ("Sub-total", "totals"),
        ("* Total", "totals"),
        ("Summerfield", None),
        ("Totton", None),
        ("Allesley", None),
    ],
)
def test_totals_rows(tmp_path: Path, label: str, reason: str | None) -> None:
    rows = [["Area", "Count"], ["Abbey", "1"], [label, "2"], ["Baxter", "3"]]
    table = read_table(write_csv(tmp_path / "t.csv", rows), COLUMNS)
    assert skipped(table) == ([(3, reason)] if reason else [])
    assert numbers(table) == ([2, 4] if reason else [2, 3, 4])


def test_cells_beyond_the_header_go_to_extra(tmp_path: Path) -> None:
    rows = [["Area", "", "Count"], ["Abbey", "stray", "12", "", "more"], ["Baxter", "5"]]
    table = read_table(write_csv(tmp_path / "wide.csv", rows), COLUMNS)
    assert table.rows[0].values == {"area": "Abbey", "count": "12", "_extra": ("stray", "more")}
    assert table.rows[0].text == "Abbey, stray, 12, , more"
    assert table.rows[1].values == {"area": "Baxter", "count": None, "_extra": ("5",)}


def test_cells_are_stripped_of_spaces_and_non_breaking_spaces(tmp_path: Path) -> None:
    path = tmp_path / "spaces.csv"
    path.write_text(" Area , Count\n\xa0Abbey\xa0 ,  12 \nBaxter,\xa0\nClent,3\n", encoding="utf-8")
    table = read_table(path, COLUMNS)
    assert table.columns == {"area": "Area", "count": "Count"}
    assert [row.values for row in table.rows] == [
        {"area": "Abbey", "count": "12"},
        {"area": "Baxter", "count": None},
        {"area": "Clent", "count": "3"},
    ]


def test_header_is_the_row_matching_most_columns(tmp_path: Path) -> None:
    rows = [["Area"], ["Abbey ward"], ["Ward", "Month", "No. of incidents"], ["Abbey", "", "4"]]
    table = read_table(write_csv(tmp_path / "h.csv", rows), COLUMNS)
    assert table.header_row == 3
    assert table.columns == {"area": "Ward", "month": "Month", "count": "No. of incidents"}
    assert skipped(table) == [(1, "title"), (2, "title")]


def test_header_must_be_within_the_first_30_rows(tmp_path: Path) -> None:
    rows = [[f"Title line {n}"] for n in range(30)] + [["Area", "Count"], ["Abbey", "1"]]
    with pytest.raises(InputFileError, match="first 30 rows"):
        read_table(write_csv(tmp_path / "deep.csv", rows), COLUMNS)


def test_missing_required_column_message(tmp_path: Path) -> None:
    rows = [["ASB report"], ["Ward", "Month", "Incident count"], ["Abbey", "2024-04", "12"]]
    path = write_csv(tmp_path / "asb-april.csv", rows)
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS, required=["area", "count"])
    message = str(caught.value)
    assert message.startswith(f"{path}: no header row found")
    assert "best candidate is row 2, which has missing 'count'" in message
    assert "headers found there are 'Ward', 'Month', 'Incident count'" in message
    assert "Rename the column to 'count' (or 'Incidents', 'No. of incidents')" in message
    assert message.endswith("start from the dataset's template.")
    assert caught.value.hint is not None
    assert caught.value.hint.action == "write-template"


def test_no_matching_header_at_all(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "other.csv", [["Name", "Value"], ["a", "1"]])
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS)
    assert "row 1, which has none of the expected columns" in str(caught.value)
    assert "'Name', 'Value'" in str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"empty\.csv: the file has no rows"):
        read_table(path, COLUMNS)


def test_duplicate_header_csv(tmp_path: Path) -> None:
    rows = [["Area", "Ward", "Count"], ["Abbey", "Abbey", "1"]]
    with pytest.raises(InputFileError) as caught:
        read_table(write_csv(tmp_path / "dup.csv", rows), COLUMNS)
    assert "row 1 has two headers for the column 'area'" in str(caught.value)
    assert "'Area' in column 1 and 'Ward' in column 2" in str(caught.value)


@pytest.mark.parametrize("name", ["data.xls", "data.ods", "data.json", "data"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Area,Count\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS)
    assert str(caught.value).startswith(str(path))
    assert "Give a .csv, .txt, .xlsx or .xlsm file" in str(caught.value)


def test_upper_case_extension_is_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ASB.CSV", [["Area", "Count"], ["Abbey", "1"]])
    assert numbers(read_table(path, COLUMNS)) == [2]


@pytest.mark.parametrize("name", ["missing.csv", "missing.xlsx"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputFileError, match=re.escape(f"{name}: no such file")):
        read_table(tmp_path / name, COLUMNS)


def test_corrupt_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS)
    assert str(caught.value).startswith(f"{path}: cannot be opened")
    assert "save it again as .xlsx" in str(caught.value)


def test_workbook_or_utf16_text_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Area\tCount\r\nAbbey\t1\r\n".encode("utf-16"))
    with pytest.raises(InputFileError, match="UTF-16 or binary data, not CSV text"):
        read_table(path, COLUMNS)


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('Area,Count\nAbbey,1\n"Baxter,2\nClent,3\n', encoding="utf-8")
    with pytest.raises(InputFileError, match="record starting on line 3"):
        read_table(path, COLUMNS)


def test_inconsistent_columns_argument_is_a_programming_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["Area"]])
    with pytest.raises(ValueError, match="spelling of both"):
        read_table(path, {"area": ("Ward",), "ward": ()})
    with pytest.raises(ValueError, match="required columns"):
        read_table(path, {"area": ()}, required=["count"])
    with pytest.raises(TypeError, match="not a string"):
        read_table(path, {"area": "Ward"})


@pytest.mark.parametrize(
    "header", ["offence_code", "Offence_Code", "offence code", "OFFENCE-CODE", "Offence.Code"]
)
def test_header_spellings_match(tmp_path: Path, header: str) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(f"\ufeff{header},HO code (new)\n8/1,x\n", encoding="utf-8")
    table = read_table(path, {"offence_code": (), "ho_code": ("HO code [new]",)})
    assert table.columns == {"offence_code": header, "ho_code": "HO code (new)"}
    assert table.rows[0].values == {"offence_code": "8/1", "ho_code": "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Offence_Code", "offencecode"),
        ("\ufeffOFFENCE-CODE", "offencecode"),
        (" No. of incidents (all) ", "noofincidentsall"),
        ("Date/Time [UTC]", "datetimeutc"),
    ],
)
def test_normalise_header(text: str, expected: str) -> None:
    assert normalise_header(text) == expected


# --- XLSX -------------------------------------------------------------------------------------

XLSX_COLUMNS = {**COLUMNS, "reported": ("Date reported",), "serial": ("Serial date",)}


def messy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Domestic abuse"
    sheet["A1"] = "Domestic abuse incidents by area"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Produced by West Mercia Police, 3 May 2024"
    for column, header in enumerate(["Area", "Month", "Incidents", "Date reported", "Serial date"]):
        sheet.cell(row=4, column=column + 1, value=header)
    for row, (month, count) in enumerate([("2024-04", 5), ("2024-05", 7), ("2024-06", 2.5)], 5):
        sheet.cell(row=row, column=2, value=month)
        sheet.cell(row=row, column=3, value=count)
        sheet.cell(row=row, column=4, value=datetime(2024, 4, row))
        sheet.cell(row=row, column=5, value=45383)
    sheet["A5"] = "  Bromsgrove\xa0"
    sheet.merge_cells("A5:A7")
    sheet["A8"] = "Total"
    sheet["C8"] = "=SUM(C5:C7)"
    sheet["A9"] = "Source: West Mercia Police"
    book.save(path)
    return path


def test_messy_workbook(tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "da.xlsx")
    table = read_table(path, XLSX_COLUMNS, required=["area", "count"])
    assert (table.sheet, table.encoding, table.header_row) == ("Domestic abuse", None, 4)
    assert table.columns["count"] == "Incidents"
    assert numbers(table) == [5, 6, 7]
    assert [row.values["area"] for row in table.rows] == ["Bromsgrove"] * 3
    assert table.rows[0].values == {
        "area": "Bromsgrove",
        "month": "2024-04",
        "count": 5,
        "reported": datetime(2024, 4, 5),
        "serial": 45383,
    }
    assert table.rows[2].values["count"] == 2.5
    assert parse_date(table.rows[1].values["reported"]) == date(2024, 4, 6)
    assert parse_date(table.rows[1].values["serial"]) == date(2024, 4, 1)
    assert table.rows[1].text == "Bromsgrove, 2024-05, 7, 2024-04-06, 45383"
    assert skipped(table) == [(1, "title"), (2, "title"), (3, "blank"), (8, "totals"), (9, "note")]
    assert table.skipped[0].text == "Domestic abuse incidents by area"


def test_sheet_is_chosen_past_documentation(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Documentation"
    notes.append(["The data sheet has these columns:"])
    notes.append(["Area", "Month", "Incidents"])
    summary = book.create_sheet("Summary")
    summary.append(["Area", "Rate"])
    old = book.create_sheet("ASB 2023 (hidden)")
    old.append(["Area", "Month", "Incidents"])
    old.sheet_state = "hidden"
    data = book.create_sheet("ASB 2024")
    data.append(["Area", "Month", "Incidents"])
    data.append(["Abbey", "2024-04", 12])
    path = tmp_path / "asb.xlsx"
    book.save(path)
    table = read_table(path, COLUMNS)
    assert table.sheet == "ASB 2024"
    assert table.rows[0].values == {"area": "Abbey", "month": "2024-04", "count": 12}
    assert read_table(path, COLUMNS, sheet="documentation").sheet == "Documentation"
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS, sheet="Data")
    sheets = "'Documentation', 'Summary', 'ASB 2023 (hidden)', 'ASB 2024'"
    assert f"no sheet named 'Data'; its sheets: {sheets}." in str(caught.value)


def test_workbook_errors_name_the_sheet_and_column_letters(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Probation"
    sheet.append(["Ward", "Month", "Area"])
    path = tmp_path / "probation.xlsx"
    book.save(path)
    with pytest.raises(InputFileError) as caught:
        read_table(path, COLUMNS)
    assert str(caught.value).startswith(f"{path}, sheet 'Probation': row 1 has two headers")
    assert "'Ward' in column A and 'Area' in column C" in str(caught.value)
    with pytest.raises(InputFileError, match="sheet 'Probation': no header row"):
        read_table(path, {"count": ()})


def test_merged_header_is_not_copied_into_data(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", "Count"])
    sheet.merge_cells("B1:B2")
    sheet.append(["Abbey", None])
    sheet.append(["Baxter", 4, True, None])
    sheet.merge_cells("C3:D3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    table = read_table(path, COLUMNS)
    assert [row.values for row in table.rows] == [
        {"area": "Abbey", "count": None},
        {"area": "Baxter", "count": 4, "_extra": (True, True)},
    ]
    assert table.rows[1].text == "Baxter, 4, TRUE, TRUE"


# --- dates ------------------------------------------------------------------------------------

APRIL_FIRST = date(2024, 4, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (APRIL_FIRST, APRIL_FIRST),
        (datetime(2024, 4, 1, 13, 5), APRIL_FIRST),
        (45383, APRIL_FIRST),
        (45383.75, APRIL_FIRST),
        ("45383", APRIL_FIRST),
        ("2024-04-01", APRIL_FIRST),
        ("2024-04-01T10:30:00", APRIL_FIRST),
        ("2024-04-01 10:30", APRIL_FIRST),
        ("2024-04-01T10:30:00Z", APRIL_FIRST),
        ("01/04/2024", APRIL_FIRST),
        ("01/04/2024 00:00", APRIL_FIRST),
        ("1/4/24", APRIL_FIRST),
        ("01-04-2024", APRIL_FIRST),
        ("01.04.2024", APRIL_FIRST),
        ("1 April 2024", APRIL_FIRST),
        ("1 Apr 2024", APRIL_FIRST),
        ("01-Apr-2024", APRIL_FIRST),
        ("01-Apr-24", APRIL_FIRST),
        (" 1 april 2024 ", APRIL_FIRST),
        ("1st April 2024", APRIL_FIRST),
        ("30 Sept 2024", date(2024, 9, 30)),
        ("12/03/2024", date(2024, 3, 12)),
        ("1/4/00", date(2000, 4, 1)),
        ("1/4/69", date(2069, 4, 1)),
        ("1/4/70", date(1970, 4, 1)),
        ("1-Apr-99", date(1999, 4, 1)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_parse_date_forms(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "31/13/2024",
        "29/02/2023",
        "2024-02-30",
        "12/31/2024",
        "",
        "tomorrow",
        "04/2024",
        "1 Foo 2024",
        "01/04/202",
        60,
        0,
        -1,
        0.5,
        2958466,
        float("nan"),
        "60",
        True,
        None,
    ],
)
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(ValueError, match=r"is not a date; write it as 2024-04-01 or 01/04/2024"):
        parse_date(value)


def test_parse_date_message_quotes_the_value() -> None:
    with pytest.raises(ValueError, match="is not a date") as caught:
        parse_date("31/13/2024")
    assert str(caught.value) == (
        "'31/13/2024' is not a date; write it as 2024-04-01 or 01/04/2024 (day first)"
    )


@pytest.mark.parametrize("serial", [1, 59, 61, 366, 25569, 45383, 45657, 2958465])
def test_serials_agree_with_openpyxl(serial: int) -> None:
    assert parse_date(serial) == from_excel(serial).date()


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_parse_date_round_trips(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days  # Excel counts from 1899-12-30 after the leap bug
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(serial) == day
    assert parse_date(float(serial) + 0.25) == day
    assert parse_date(str(serial)) == day
    if 1970 <= day.year <= 2069:
        assert parse_date(day.strftime("%d-%b-%y")) == day


@pytest.mark.parametrize(
    "value",
    [
        "2024-04",
        "2024/04",
        "04/2024",
        "4/2024",
        "Apr-24",
        "Apr 2024",
        "April 2024",
        "April-2024",
        "april 2024",
        "2024 Apr",
        "2024-April",
        "202404",
        202404,
        202404.0,
        "01/04/2024",
        "15/04/2024",
        "15-Apr-24",
        "2024-04-30",
        date(2024, 4, 15),
        datetime(2024, 4, 30, 23, 59),
        45383,
        45412,
    ],
)
def test_parse_month_forms(value: object) -> None:
    assert parse_month(value) == APRIL_FIRST


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Sept 2024", date(2024, 9, 1)), ("Dec-99", date(1999, 12, 1)), ("1/2025", date(2025, 1, 1))],
)
def test_parse_month_other_months(value: str, expected: date) -> None:
    assert parse_month(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2024-13", "0000-04", "13/2024", "Foo 2024", "202413", "202400", "", "April", None, False],
)
def test_parse_month_rejects(value: object) -> None:
    with pytest.raises(ValueError, match="is not a month") as caught:
        parse_month(value)
    assert str(caught.value) == f"{value!r} is not a month; write it as 2024-04 or Apr 2024"


def test_module_exports() -> None:
    assert sorted(spreadsheet.__all__) == [
        "SheetRow",
        "SheetTable",
        "SkippedRow",
        "normalise_header",
        "parse_date",
        "parse_month",
        "read_table",
    ]
