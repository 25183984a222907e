"""Converts a CSV into an Excel workbook with openpyxl (write-only mode), for bench/xlsx.sh:
numbers become number cells, ISO dates date cells (with a date format), the rest text.

    python bench/xlsx-from-csv.py IN.csv OUT.xlsx
"""
import csv
import datetime as dt
import re
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

wb = Workbook(write_only=True)
ws = wb.create_sheet("data")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for i, row in enumerate(csv.reader(f)):
        out = []
        for v in row:
            if i > 0:
                try:
                    out.append(int(v))
                    continue
                except ValueError:
                    pass
                try:
                    out.append(float(v))
                    continue
                except ValueError:
                    pass
                if DATE.match(v):
                    c = WriteOnlyCell(ws, value=dt.date.fromisoformat(v))
                    c.number_format = "yyyy-mm-dd"
                    out.append(c)
                    continue
            out.append(v)
        ws.append(out)
wb.save(sys.argv[2])
