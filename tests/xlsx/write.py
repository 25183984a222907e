"""Writes the Excel fixtures of tests/xlsx.rs with openpyxl (the reference writer), and the
same data as CSV with Python's csv module, into the directory given.

    python write.py OUTDIR [ROWS]

- data.xlsx: sheet "Data" (ids, text with commas, quotes and shared strings, floats, dates,
  datetimes, times, booleans, nulls, error cells), sheet "Layout" (two empty rows, then a
  header with a merged cell), a chart sheet, and an empty sheet "Empty"; data.csv is "Data".
- layout.csv: the "Layout" sheet as CSV, with the header rule applied by hand.
"""
import csv
import datetime as dt
import random
import sys

import openpyxl
from openpyxl.chart import BarChart, Reference

out = sys.argv[1]


def general(x):
    """A number as Excel holds it (every number is a double: 12.0 is 12), in its shortest form."""
    return str(int(x)) if float(x).is_integer() else repr(x)


rows = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
rng = random.Random(7)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
header = ["id", "name", "amount", "day", "stamp", "clock", "flag", "city", "code"]
ws.append(header)
cities = ["Paris", "Zürich", "São Paulo", "New York, NY", 'The "Big" Easy']
lines = [header]
for i in range(rows):
    amount = None if i % 17 == 0 else round(rng.uniform(-1000, 1000), 3)
    day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
    stamp = dt.datetime(2021, 3, 1, 0, 0, 0) + dt.timedelta(seconds=rng.randrange(0, 86400 * 400))
    clock = dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60))
    flag = rng.random() < 0.3
    city = cities[i % len(cities)]
    # Some rows end early: Excel writes no cell for an empty one.
    code = None if i % 23 == 0 else f"K{rng.randrange(100, 999)}"
    ws.append([i + 1, f"item {i % 250}", amount, day, stamp, clock, flag, city, code])
    r = ws.max_row
    ws.cell(r, 4).number_format = "yyyy-mm-dd"
    ws.cell(r, 5).number_format = "yyyy-mm-dd hh:mm:ss"
    ws.cell(r, 6).number_format = "hh:mm:ss"
    lines.append([i + 1, f"item {i % 250}", "" if amount is None else general(amount), day.isoformat(), stamp.isoformat(), clock.isoformat(), "TRUE" if flag else "FALSE", city, code or ""])
# Error cells in "code": nulls in the profile, and a finding.
for r in (5, 9):
    c = ws.cell(r, 9)
    c.value = "#DIV/0!"
    c.data_type = "e"
    lines[r - 1][8] = ""

with open(f"{out}/data.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(lines)

lay = wb.create_sheet("Layout")
lay.append([])
lay.append([])
lay.append(["region", "Q", None, "total"])
lay.merge_cells("B3:C3")
layout_rows = [["region", "Q", "Q_2", "total"]]
for i in range(40):
    row = [f"r{i % 7}", i, i * 2, i * 3]
    lay.append(row)
    layout_rows.append(row)
with open(f"{out}/layout.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(layout_rows)

chart = BarChart()
chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=10))
cs = wb.create_chartsheet("Chart")
cs.add_chart(chart)
wb.create_sheet("Empty")
wb.save(f"{out}/data.xlsx")

# Hostile workbooks: cut in half, a workbook part without sheets, not a ZIP at all.
import zipfile

with open(f"{out}/data.xlsx", "rb") as f:
    whole = f.read()
with open(f"{out}/truncated.xlsx", "wb") as f:
    f.write(whole[: len(whole) // 2])
with zipfile.ZipFile(f"{out}/nosheets.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
with open(f"{out}/notazip.xlsx", "w") as f:
    f.write("a,b\n1,2\n")

# A workbook whose sheet part decompresses to 96 MiB (a decompression bomb, about 1,000x).
with zipfile.ZipFile(f"{out}/data.xlsx") as src, zipfile.ZipFile(f"{out}/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for info in src.infolist():
        body = src.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            body = body.replace(b"<sheetData>", b"<sheetData>" + b" " * (96 << 20), 1)
        z.writestr(info.filename, body)
