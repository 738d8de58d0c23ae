#!/usr/bin/env python3
"""Cut a small sample out of the consolidated 2026 tariff (Tariff.xlsx) for the tests:
tests/fixtures/tariff-2026-sample.xlsx, same header and cells, a few whole headings.

    python3 tools/make_tariff_sample.py ../shared/data/tariff-vn-2026/Tariff.xlsx

Headings kept: 0901 coffee (ACFTA exclusions, sub-line lists), 2203 beer, 1701 sugar
(out-of-quota rates), 0407 eggs (VN-EAEU `Q`), 8703.23 (cars: guidance texts, CPTPP Mexico rates),
and the chapter 98 rows with repeated codes and 7-digit codes. Standard library only; the
sample is written with inline strings, which calamine reads like shared ones.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
KEEP_HEADINGS = ("0901", "2203", "1701", "0407")
KEEP_PREFIXES = ("870323",)


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read(path):
    with zipfile.ZipFile(path) as z:
        strings = []
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        rows = []
        with z.open("xl/worksheets/sheet1.xml") as f:
            for _, el in ET.iterparse(f):
                if el.tag != "{%s}row" % NS["m"]:
                    continue
                cells = {}
                for c in el.findall("m:c", NS):
                    v = c.find("m:v", NS)
                    if v is None:
                        continue
                    text = strings[int(v.text)] if c.get("t") == "s" else v.text
                    cells[column_index(c.get("r"))] = text
                width = max(cells) + 1 if cells else 0
                rows.append([cells.get(i, "") for i in range(width)])
                el.clear()
    return rows


def keep(rows):
    out = [rows[0]]
    current = None
    for row in rows[1:]:
        code = (row[1] if len(row) > 1 else "").strip()
        level = (row[0] if row else "").strip()
        if level == "0" and len(code) == 4:
            current = code
        if current in KEEP_HEADINGS or code.startswith(KEEP_PREFIXES):
            out.append(row)
        elif code in ("98050000",) or code.startswith("984917"):
            out.append(row)
    return out


def cell_xml(ref, text):
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def letters(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write(rows, path):
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{letters(c)}{r}", t) for c, t in enumerate(row) if t != "")
        sheet.append(f'<row r="{r}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tariff" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


if __name__ == "__main__":
    source = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/tariff-vn-2026/Tariff.xlsx"
    rows = keep(read(source))
    write(rows, "tests/fixtures/tariff-2026-sample.xlsx")
    print(f"{len(rows) - 1} rows written to tests/fixtures/tariff-2026-sample.xlsx")
