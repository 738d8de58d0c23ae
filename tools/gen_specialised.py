#!/usr/bin/env python3
"""Build codelists/specialised_management.csv from the 2026 "Specialised procedures" workbook.

Reads
    Specialised_procedures.xlsx (shared/data/tariff-vn-2026): for each line of Vietnam's 2026
    tariff, the specialised management measures (quarantine, inspections, licences, bans, …)
    and the legal instrument behind each.

Layout as found (one sheet, "Specialised procedures", A1:F17647, auto-filter on A:E)
    row 1      header: Level | HSCode | Description_VN | Description_EN | Specialised procedures
    rows 2..   one row per line of the tariff tree, in tariff order:
      A Level     0 = heading (4-digit code), 1..6 = depth of the "- - -" indentation
      B HSCode    4, 6 or 8 digits, or empty for text-only "- Other:" rows (a few chapter-98
                  codes are 7 digits with a trailing no-break space; some 8-digit chapter-98
                  codes repeat)
      C/D         goods description, Vietnamese / English
      E           the measures, Vietnamese only (there is no English text for them)
      F           a single space on every row (ignored)
    Only 8-digit rows carry measures (7,932 rows); heading and subheading rows (4/6 digits) never
    do, so nothing is expanded from headings. The 8-digit codes are exactly those of
    codelists/tariff.csv. Strings are shared strings; inline strings are read too.

    A measure is written "text (instrument)", sometimes followed by "*" (kept as written; the
    file does not say what it marks), several joined with "; " in one cell. Exceptions handled:
      - a CITES item has "; " inside it ("HH là mẫu vật thực vật rừng nguy cấp, quý hiếm;
        thực vật thuộc các phụ lục CITES (17/2023/TT-BNNPTNT)"): a piece that does not end with
        its "(instrument)" is joined to the next one;
      - ~65 cells have items glued together with no separator ("…(113/2017/NĐ-CP PL5)Hóa chất
        …"): a closing ")" or ")*" directly followed by a letter starts a new item;
      - items repeated in a cell (often the glued ones) are kept once, and a measure listed both
        plain and with "*" (125 cells) is kept plain; a few obvious typos are corrected (TYPOS).

Writes
    specialised_management.csv, UTF-8 without BOM, "\\n" line ends, one row per 8-digit code
    with at least one measure, codes unique and sorted:
        code,name_vi,name_en,kinds,requirements_vi,item_kinds,requirements_en,instruments
    kinds            ";"-joined sorted set of KIND_RULES keys ("other" when no rule matches)
    name_vi/name_en  the kinds' labels (KIND_LABELS) in KIND_ORDER, at most 80 characters
    requirements_vi  the cleaned items in file order, joined with " | "
    item_kinds       each item's kinds (";"-joined), in the same order, joined with " | "
    requirements_en  empty (the workbook has no English text for the measures)
    instruments      the legal instruments cited, normalised ("Thông tư 01/2024/TT-BNNPTNT",
                     "Nghị định 113/2017/NĐ-CP", "Quyết định 765/QĐ-BCT năm 2019"), " | "-joined

Run (from the repo root; standard library only)
    python3 tools/gen_specialised.py ../shared/data/tariff-vn-2026/Specialised_procedures.xlsx codelists/specialised_management.csv
Counts per kind and the items classified "other" are printed to stderr.
"""
import collections
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HEADER = ["code", "name_vi", "name_en", "kinds", "requirements_vi", "item_kinds", "requirements_en",
          "instruments"]
NAME_MAX = 80
SEP = " | "

# Obvious typos in the item texts, corrected in the output.
TYPOS = [
    # 08/2023/TT-BCT Phụ lục I is the list of used goods whose import is BANNED ("cấm"), not
    # licensed ("cấp"): "Hàng tiêu dùng, thiết bị y tế, phương tiện đã qua sử dụng cấm nhập khẩu".
    ("QSD cấp NK", "QSD cấm NK"),
    ("phụ lụcCITES", "phụ lục CITES"),
    ("cơ sỏ in", "cơ sở in"),
    ("cì gà", "xì gà"),
    ("giấy cuốn thuốc là", "giấy cuốn thuốc lá"),
    ("dụng cụ chưa đựng", "dụng cụ chứa đựng"),
]

# Classification of one item: every rule whose pattern matches the item's text (lower-cased,
# instrument included) adds its kind; an item no rule matches is "other". Patterns are written
# against the wording the 2026 file uses (its abbreviations: KTNN = kiểm tra nhà nước,
# CL = chất lượng, KTCN = kiểm tra chuyên ngành, NK/XK = nhập/xuất khẩu, QSD/ĐQSD = đã qua sử
# dụng, SD = sử dụng, GP = giấy phép, ATKT/BVMT = an toàn kỹ thuật/bảo vệ môi trường).
KIND_RULES = [
    ("plant_quarantine", r"kiểm dịch thực vật"),
    ("animal_quarantine", r"động vật trên cạn phải kiểm dịch"),
    ("aquatic_quarantine", r"thủy sản phải kiểm dịch"),
    ("food_safety", r"an toàn thực phẩm|thực phẩm, phụ gia thực phẩm"),
    # State quality inspection; "SPHH không phải KTNN về CL" (NOT subject) is excluded.
    # "Hàng hóa nhóm 2" / "SPHH có khả năng gây mất an toàn" are the group-2 lists that are
    # inspected on import; measuring instruments get the state metrology inspection.
    ("quality_inspection",
     r"(?<!không )phải ktnn về cl|phải/không phải ktnn|kiểm tra nhà nước về (chất lượng|đo lường)"
     r"|ktcn về chất lượng|\bnhóm 2\b|có khả năng gây mất an toàn"),
    # Licences by wording, and the three the wording does not say: tobacco leaf / cigarette
    # paper and tobacco machinery (licensed by MOIT, Nghị định 67/2013), raw gold (SBV
    # licence, 47/2018/TT-NHNN), scrap for production (environmental permit, 13/2023/QĐ-TTg).
    ("permit",
     r"giấy phép|theo gp\b|cấp phép|license|nguyên liệu thuốc lá|mmtb chuyên ngành thuốc lá"
     r"|^vàng \(|phế liệu được phép nk"),
    ("cites", r"cites"),
    # QCVN 19:2019/BKHCN (LED lighting) is certified for conformity.
    ("conformity", r"hợp quy|chiếu sáng bằng công nghệ led"),
    ("energy_label", r"nhãn năng lượng|hiệu suất năng lượng"),
    ("radiation", r"phóng xạ|bức xạ"),
    # Chemicals (113/2017/NĐ-CP, 82/2022/NĐ-CP lists, banned-in-feed chemicals) and the
    # household/medical insecticidal and germicidal preparations (16/2024/TT-BYT).
    ("chemical", r"hóa chất|chế phẩm diệt côn trùng"),
    # Drug precursors; sassafras oil is listed for its safrole.
    ("precursor", r"tiền chất|tinh dầu xá xị"),
    # Medicines and their raw materials; not tobacco ("thuốc lá") nor pesticides ("thuốc bảo
    # vệ thực vật").
    ("drug", r"thuốc(?! l[áà]\b| bảo vệ thực vật)|dược|vắc xin"),
    ("medical_device", r"thiết bị y tế|tb y tế"),
    ("veterinary", r"thú y"),
    # Vehicles and other transport products certified for technical safety and environmental
    # protection by the Vietnam Register (12/2022/TT-BGTVT, 62/2024/TT-BGTVT).
    ("type_approval", r"atkt và bvmt|12/2022/tt-bgtvt|đăng kiểm|kiểm định"),
    # Bans on import and/or export: used goods banned from import (08/2023/TT-BCT PL I,
    # 11/2018/TT-BTTTT), banned chemicals and pesticides, defence-controlled goods, export bans
    # on logs, livestock breeds, plant genetic resources, aquatic species. Bans on a single
    # regime (temporary import for re-export, "Cấm KD TNTX") are not counted here.
    ("prohibited", r"\bcấm (nk|xk|sd tại vn)|hóa chất cấm"),
    # The notes that are not a document to obtain: goods allowed in border trade through
    # secondary gates / by border residents (42/2019/TT-BCT), temporary import for re-export
    # suspended or conditional (08/2023/TT-BCT PL2, 69/2018/NĐ-CP), lines already cut from
    # specialised inspection (765/QĐ-BCT) or not subject to it, goods that must clear at the
    # border gate of import (23/2019/QĐ-TTg), trade remedies (anti-dumping, safeguard), tariff
    # quotas, and conditions on export only.
    ("border_trade", r"cửa khẩu phụ|cư dân biên giới"),
    ("reexport_restricted", r"\btntx\b"),
    ("inspection_exempt", r"cắt giảm kiểm tra chuyên ngành|không phải ktnn"),
    ("border_gate", r"thủ tục hq tại ck nhập"),
    ("trade_remedy", r"cbpg|tự vệ|chống bán phá giá|chống trợ cấp|lẩn tránh|\bpvtm\b"),
    ("tariff_quota", r"hạn ngạch thuế quan"),
    ("export_condition", r"khi xk|xk có đk|gạo xk|khoáng sản xk"),
]
KIND_RULES = [(kind, re.compile(pattern)) for kind, pattern in KIND_RULES]
KINDS = [k for k, _ in KIND_RULES] + ["other"]

KIND_LABELS = {
    "plant_quarantine": ("Kiểm dịch thực vật", "Plant quarantine"),
    "animal_quarantine": ("Kiểm dịch động vật", "Animal quarantine"),
    "aquatic_quarantine": ("Kiểm dịch thủy sản", "Aquatic animal quarantine"),
    "food_safety": ("Kiểm tra an toàn thực phẩm", "Food safety inspection"),
    "quality_inspection": ("Kiểm tra chất lượng", "Quality inspection"),
    "permit": ("Giấy phép", "Licence"),
    "cites": ("CITES", "CITES"),
    "conformity": ("Hợp quy", "Conformity certification"),
    "energy_label": ("Nhãn năng lượng", "Energy labelling"),
    "radiation": ("Phóng xạ", "Radioactive"),
    "chemical": ("Quản lý hóa chất", "Chemical control"),
    "precursor": ("Tiền chất", "Precursor"),
    "drug": ("Dược phẩm", "Pharmaceuticals"),
    "medical_device": ("Thiết bị y tế", "Medical device"),
    "veterinary": ("Thú y", "Veterinary"),
    "type_approval": ("Chứng nhận ATKT & BVMT", "Transport safety certification"),
    "prohibited": ("Cấm XK/NK", "Import/export ban"),
    "border_trade": ("Mua bán biên giới", "Border trade"),
    "reexport_restricted": ("Hạn chế TNTX", "Re-export trade restricted"),
    "inspection_exempt": ("Miễn/cắt giảm KTCN", "Inspection waived"),
    "border_gate": ("Làm thủ tục tại CK nhập", "Clear at the border gate"),
    "trade_remedy": ("Phòng vệ thương mại", "Trade remedy"),
    "tariff_quota": ("Hạn ngạch thuế quan", "Tariff quota"),
    "export_condition": ("Điều kiện xuất khẩu", "Export condition"),
    "other": ("Quản lý khác", "Other measures"),
}
# Order of the labels in name_vi / name_en: the most restrictive first.
KIND_ORDER = ["prohibited", "cites", "plant_quarantine", "animal_quarantine",
              "aquatic_quarantine", "veterinary", "food_safety", "drug", "medical_device",
              "precursor", "radiation", "chemical", "permit", "type_approval",
              "quality_inspection", "conformity", "energy_label", "trade_remedy", "tariff_quota",
              "export_condition", "border_gate", "reexport_restricted", "inspection_exempt",
              "border_trade", "other"]
assert sorted(KIND_ORDER) == sorted(KINDS) == sorted(KIND_LABELS)

DOC_TYPES = {"TT": "Thông tư", "NĐ": "Nghị định", "QĐ": "Quyết định"}
# "10.2022.TT.BTTT" is written with dots and a short issuer; "367/QĐ-BHKCN" has the letters
# swapped.
INSTRUMENT_FIXES = [("10.2022.TT.BTTT", "10/2022/TT-BTTTT"), ("QĐ-BHKCN", "QĐ-BKHCN")]
DOC_RE = re.compile(r"(\d+)/(?:(\d{4})/)?(TT|NĐ|QĐ)-(CP|TTg|NHNN|B[A-ZĐ]+)")
ITEM_END_RE = re.compile(r"\(([^()]*\d[^()]*)\)\*?$")


# --- reading the workbook -------------------------------------------------------------------

def column_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def text_of(el):
    return "".join(t.text or "" for t in el.iter(NS + "t"))


def read_rows(path):
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            strings = [text_of(si) for si in
                       ET.fromstring(z.read("xl/sharedStrings.xml")).findall(NS + "si")]
        rows = []
        with z.open("xl/worksheets/sheet1.xml") as f:
            for _, el in ET.iterparse(f):
                if el.tag != NS + "row":
                    continue
                cells = {}
                for c in el.findall(NS + "c"):
                    kind = c.get("t")
                    if kind == "inlineStr":
                        cells[column_index(c.get("r"))] = text_of(c)
                        continue
                    v = c.find(NS + "v")
                    if v is None:
                        continue
                    cells[column_index(c.get("r"))] = strings[int(v.text)] if kind == "s" else v.text
                rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
                el.clear()
    return rows


# --- items ---------------------------------------------------------------------------------

def clean(text):
    text = re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))  # "(… 34/2025/TT-BCT )"
    for wrong, right in TYPOS:
        text = text.replace(wrong, right)
    return text


def split_items(cell):
    """The measures of one cell, cleaned, in order, each once; and how many glue points."""
    text = re.sub(r"\s+", " ", cell.replace("\xa0", " ")).strip()
    # ")" or ")*" directly followed by a letter: two items written without a separator.
    text, glued = re.subn(r"\)(\*?)(?=[^\W\d_])", r")\1; ", text)
    items, pending = [], ""
    for piece in text.split(";"):
        piece = (pending + ";" + piece) if pending else piece
        if ITEM_END_RE.search(piece.strip()):
            items.append(clean(piece))
            pending = ""
        else:
            pending = piece  # the ";" was inside the item (the CITES plant text)
    if pending.strip():
        raise ValueError(f"item without its (instrument): {pending.strip()!r} in {cell!r}")
    unique = list(dict.fromkeys(items))
    return unique, glued


def classify(item):
    low = item.lower()
    kinds = [kind for kind, rx in KIND_RULES if rx.search(low)]
    return kinds or ["other"]


def instruments(item):
    """The legal instruments in the item's last parenthesis, normalised."""
    inner = ITEM_END_RE.search(item).group(1)
    for wrong, right in INSTRUMENT_FIXES:
        inner = inner.replace(wrong, right)
    found = []
    docs = list(DOC_RE.finditer(inner))
    for i, m in enumerate(docs):
        number, year, dtype, issuer = m.groups()
        name = f"{DOC_TYPES[dtype]} {number}/{year + '/' if year else ''}{dtype}-{issuer}"
        if not year:
            # Decisions numbered without the year: take it from the rest of the parenthesis
            # ("2711/QĐ-BKHCN 2022", "1182/QĐ-BCT-PL2-2021", "765/QĐ-BCT ngày 29/03/2019").
            rest = inner[m.end():docs[i + 1].start() if i + 1 < len(docs) else None]
            y = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", rest)
            if y:
                name += f" năm {y[-1]}"
        found.append(name)
    if not found:
        raise ValueError(f"no instrument recognised in {item!r}")
    return found


def short_name(kinds, lang):
    labels = [KIND_LABELS[k][lang] for k in KIND_ORDER if k in kinds]
    name = "; ".join(labels)
    n = len(labels)
    while len(name) > NAME_MAX:
        n -= 1
        name = "; ".join(labels[:n]) + f"; +{len(labels) - n}"
    return name


# --- main ----------------------------------------------------------------------------------

def main(argv):
    if len(argv) != 3:
        sys.exit("usage: python3 tools/gen_specialised.py Specialised_procedures.xlsx out.csv")
    rows = read_rows(argv[1])
    header = [h.strip() for h in rows[0][:5]]
    if header != ["Level", "HSCode", "Description_VN", "Description_EN", "Specialised procedures"]:
        sys.exit(f"unexpected header: {header}")

    by_code = collections.OrderedDict()
    stats = collections.Counter()
    kind_items = collections.Counter()
    other_examples = collections.Counter()
    for row in rows[1:]:
        row = row + [""] * (5 - len(row))
        code, cell = row[1].replace("\xa0", " ").strip(), row[4]
        stats["input rows"] += 1
        if not cell.strip():
            continue
        if not re.fullmatch(r"\d{8}", code):
            sys.exit(f"measures on a row without an 8-digit code: {row[:3]}")
        stats["rows with measures"] += 1
        items, glued = split_items(cell)
        if glued:
            stats["cells with glued items"] += 1
            stats["glue points split"] += glued
        entry = by_code.setdefault(code, {"items": [], "kinds": set(), "instruments": []})
        for item in items:
            # 125 cells list the same measure with and without "*": the plain one is kept.
            if item in entry["items"] or item.endswith("*") and item[:-1] in items + entry["items"]:
                stats["starred duplicates dropped"] += int(item not in entry["items"])
                continue
            if item + "*" in entry["items"]:
                entry["items"][entry["items"].index(item + "*")] = item
                stats["starred duplicates dropped"] += 1
                continue
            if SEP in item:
                sys.exit(f"item contains {SEP!r}: {item!r}")
            entry["items"].append(item)
            kinds = classify(item)
            entry["kinds"].update(kinds)
            stats["items"] += 1
            for k in kinds:
                kind_items[k] += 1
            if kinds == ["other"]:
                other_examples[item] += 1
            for inst in instruments(item):
                if inst not in entry["instruments"]:
                    entry["instruments"].append(inst)

    with open(argv[2], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for code in sorted(by_code):
            e = by_code[code]
            kinds = sorted(e["kinds"])
            item_kinds = SEP.join(";".join(classify(item)) for item in e["items"])
            w.writerow([code, short_name(kinds, 0), short_name(kinds, 1), ";".join(kinds),
                        SEP.join(e["items"]), item_kinds, "", SEP.join(e["instruments"])])

    err = sys.stderr
    for key in ("input rows", "rows with measures", "cells with glued items", "glue points split",
                "starred duplicates dropped", "items"):
        print(f"{key}: {stats[key]}", file=err)
    print(f"output rows: {len(by_code)}", file=err)
    print("items per kind (an item can have several kinds):", file=err)
    for k in KINDS:
        print(f"  {k:20} {kind_items[k]}", file=err)
    print(f"other: {kind_items['other']} items ({100 * kind_items['other'] / max(stats['items'], 1):.1f} %), "
          f"{len(other_examples)} distinct texts:", file=err)
    for item, n in other_examples.most_common():
        print(f"  {n:5}  {item}", file=err)


if __name__ == "__main__":
    main(sys.argv)
