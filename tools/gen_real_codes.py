#!/usr/bin/env python3
"""Generate the office, storage-location and place code lists from the real VNACCS tables.

Reads (input folder, see its INDEX.md; data of NACCS.VN.mdb, 27 May 2014):
    customs-offices.csv    (SHAIQUAN)              offices, `..ZZ` = provincial departments
    customs-teams.csv      (SBOPHANHAIQUANVNACCS)  teams per office (item CHB)
    storage-locations.csv  (SDDLK)                 storage locations (item ST)
    vn-locations.csv       (SCUAKHAU)              Vietnamese place codes
    locations-world.csv    (SCUAKHAUNN)            foreign and Vietnamese ports, airports, gates
and, from the output folder, the current customs_offices.csv and locations.csv (their `modes`,
`kind`, `office` values and English names are kept for codes that are still present).

Writes (output folder; UTF-8 without BOM, `\\n` line ends, minimal quoting, rows sorted by code):
    customs_offices.csv    code,name_vi,name_en,level,parent,modes,valid_from,valid_to,successor,status
    storage_locations.csv  code,name_vi,name_en,office,province,status
    locations.csv          code,name_vi,name_en,kind,office,status

Cells are trimmed, runs of blanks inside a cell become one blank, and text is put in Unicode
NFC (a few source cells are decomposed, e.g. "Lào Cai" written with a combining accent).
Codes must be unique the way the application compares them (case, '.', ' ', '-' ignored).

Run from the repository root, then refresh the manifest checksums:

    python3 tools/gen_real_codes.py [INPUT_DIR] [OUTPUT_DIR]
    python3 tools/update_checksums.py

INPUT_DIR defaults to ../shared/real-vnaccs/codes, OUTPUT_DIR to codelists. A summary (row
counts, skipped rows, duplicates, oddities) is printed to standard output.
"""
import csv
import io
import os
import re
import sys
import unicodedata

STATUS_REAL = "vnaccs-2014"
STATUS_TRAINING = "training"

# Known changes after 2014. The dates are not confirmed by an official text at hand (a public
# summary of Decision 382/QĐ-BTC says the new 3-level structure applies from 1 March 2025), so
# the 2025 changes carry the status `unverified-date`; set ENDED_2025_STATUS to "ended-2025"
# once the date is confirmed.
ENDED_2025_DATE = "2025-03-14"
ENDED_2025_STATUS = "unverified-date"
ENDED_2025_OFFICES = ["02CC", "02CX"]  # besides every provincial department `..ZZ`
MERGED_2026_DATE = "2026-05-31"
MERGED_2026_STATUS = "known-2026"
MERGED_2026_OFFICES = ["47D1", "47D2"]
MERGED_2026_SUCCESSOR = "47D3"
NEW_2026_FROM = "2026-06-01"
NEW_2026_OFFICE = (
    "47D3",
    "Hải quan 47D3 (hợp nhất 47D1 và 47D2 từ 01/06/2026)",
    "Customs 47D3 (merger of 47D1 and 47D2 from 1 June 2026)",
)
NEW_2026_TEAM = ("Bộ phận chung", "General team")
TRAINING_TEAM = (
    "Bộ phận chung (mã 00, dữ liệu huấn luyện)",
    "General team (code 00, training data)",
)

OFFICE_HEADER = ["code", "name_vi", "name_en", "level", "parent", "modes",
                 "valid_from", "valid_to", "successor", "status"]
STORAGE_HEADER = ["code", "name_vi", "name_en", "office", "province", "status"]
LOCATION_HEADER = ["code", "name_vi", "name_en", "kind", "office", "status"]

KIND_BY_TYPE = {
    "CANG_NN": "seaport",
    "CANG_VN": "seaport",
    "SANBAY_NN": "airport",
    "SANBAY_VN": "airport",
    "CK_DUONGBO": "border_road",
    "CK_DUONGSAT": "border_rail",
}
ASCII_PLACEHOLDERS = {"", "OTHER"}  # locations-world.csv names most Vietnamese rows "OTHER"


def clean(value):
    """Trimmed, NFC, inner runs of blanks collapsed."""
    value = unicodedata.normalize("NFC", value or "")
    return re.sub(r"\s+", " ", value).strip()


def key(code):
    """A code as the application compares codes (src/codes/search.rs normalize_code)."""
    return re.sub(r"[.\s-]", "", code).upper()


def read(path, required=True):
    if not os.path.exists(path):
        if required:
            sys.exit(f"missing input: {path}")
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: clean(v) for k, v in row.items()} for row in csv.DictReader(f)]


def write(path, header, rows):
    rows = sorted(rows, key=lambda r: r["code"])
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(c, "") for c in header])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
    print(f"wrote {path}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def unique(rows, label):
    """Keeps the first row of each code; reports the others."""
    seen, out, dropped = {}, [], []
    for r in rows:
        k = key(r["code"])
        if k in seen:
            dropped.append((r["code"], seen[k]["code"]))
            continue
        seen[k] = r
        out.append(r)
    print(f"{label}: {len(dropped)} duplicate codes dropped {dropped[:20]}")
    return out


def offices(src, out_dir):
    current = {r["code"]: r for r in read(os.path.join(out_dir, "customs_offices.csv"), False)}
    office_rows = read(os.path.join(src, "customs-offices.csv"))
    team_rows = read(os.path.join(src, "customs-teams.csv"))

    def synthetic(code):
        """A team-00 row made up by an earlier generator, not a real team."""
        c = current.get(code)
        return bool(c) and (c.get("status") == STATUS_TRAINING or
                            c["name_vi"].endswith("- bộ phận 00"))

    def english(code):
        c = current.get(code)
        return c["name_en"] if c and not synthetic(code) else ""

    def modes(code):
        c = current.get(code)
        return c.get("modes", "") if c else ""

    codes = {r["HQ_MA"] for r in office_rows}
    rows = []
    for r in office_rows:
        code = r["HQ_MA"]
        if not r["HQ_TEN"]:
            print(f"office {code}: blank name")
        if len(code) != 4:
            print(f"office {code}: code of length {len(code)}")
        department = code.endswith("ZZ")
        parent = code[:2] + "ZZ"
        rows.append({
            "code": code, "name_vi": r["HQ_TEN"], "name_en": english(code),
            "level": "department" if department else "branch",
            "parent": parent if not department and parent in codes else "",
            "modes": modes(code), "status": STATUS_REAL,
        })

    skipped = {}
    with_teams = set()
    for r in team_rows:
        office, team = r["BP_MAHQ"], r["BP_MABP"]
        if office not in codes:
            skipped[office] = skipped.get(office, 0) + 1
            continue
        if len(team) != 2:
            print(f"team {office}/{team}: team code of length {len(team)}")
        code = office + team
        with_teams.add(office)
        rows.append({
            "code": code, "name_vi": r["BP_TENBP"], "name_en": english(code),
            "level": "team", "parent": office, "modes": modes(code), "status": STATUS_REAL,
        })
    print(f"teams skipped, office not in customs-offices.csv: {sum(skipped.values())} rows of "
          f"{len(skipped)} offices {sorted(skipped)}")

    no_teams = sorted(r["code"] for r in rows
                      if r["level"] == "branch" and r["code"] not in with_teams)
    for office in no_teams:
        rows.append({
            "code": office + "00", "name_vi": TRAINING_TEAM[0], "name_en": TRAINING_TEAM[1],
            "level": "team", "parent": office, "modes": "", "status": STATUS_TRAINING,
        })
    print(f"training team 00 added for branches without teams: {no_teams}")

    new_code, new_vi, new_en = NEW_2026_OFFICE
    if new_code not in codes:
        rows.append({
            "code": new_code, "name_vi": new_vi, "name_en": new_en, "level": "branch",
            "parent": "", "valid_from": NEW_2026_FROM, "status": MERGED_2026_STATUS,
        })
        rows.append({
            "code": new_code + "00", "name_vi": NEW_2026_TEAM[0], "name_en": NEW_2026_TEAM[1],
            "level": "team", "parent": new_code, "valid_from": NEW_2026_FROM,
            "status": MERGED_2026_STATUS,
        })
        print(f"{new_code} added (not in the 2014 data)")
    else:
        print(f"{new_code} is in the 2014 data; kept as it is")

    def end(office):
        """(valid_to, successor office, status) of an office that ended, or None."""
        if office.endswith("ZZ") or office in ENDED_2025_OFFICES:
            return ENDED_2025_DATE, "", ENDED_2025_STATUS
        if office in MERGED_2026_OFFICES:
            return MERGED_2026_DATE, MERGED_2026_SUCCESSOR, MERGED_2026_STATUS
        return None

    by_code = {r["code"] for r in rows}
    for r in rows:
        office = r["code"] if r["level"] != "team" else r["parent"]
        ended = end(office)
        if not ended or r.get("valid_from"):
            continue
        r["valid_to"], successor, r["status"] = ended
        if successor and r["level"] == "team":
            successor += "00"
        if successor and successor not in by_code:
            sys.exit(f"successor {successor} of {r['code']} is not in the table")
        r["successor"] = successor

    lost = sorted(c for c in current if c not in by_code)
    print(f"codes of the previous customs_offices.csv not in the new one: {lost}")
    rows = unique(rows, "customs_offices")
    write(os.path.join(out_dir, "customs_offices.csv"), OFFICE_HEADER, rows)
    return rows


def storage(src, out_dir):
    rows = []
    for r in read(os.path.join(src, "storage-locations.csv")):
        code = r["DDLK_MA"]
        if len(code) != 7:
            print(f"storage {code}: code of length {len(code)}")
        if not (r["DDLH_GHICHU"] or r["DDLK_TEN"]):
            print(f"storage {code}: blank name")
        rows.append({
            "code": code, "name_vi": r["DDLH_GHICHU"] or r["DDLK_TEN"],
            "name_en": r["DDLK_TEN"], "office": r["DDLK_MAHQ"],
            "province": r["DDLK_DIABAN"], "status": STATUS_REAL,
        })
    rows = unique(rows, "storage_locations")
    write(os.path.join(out_dir, "storage_locations.csv"), STORAGE_HEADER, rows)
    return rows


def locations(src, out_dir):
    current = {r["code"]: r for r in read(os.path.join(out_dir, "locations.csv"), False)}
    vn = read(os.path.join(src, "vn-locations.csv"))
    world = read(os.path.join(src, "locations-world.csv"))
    world_by_code = {r["CK_MACK"]: r for r in world}
    vn_codes = {r["CK_MACK"] for r in vn}

    def row(code, vi, ascii_name, ck_type):
        c = current.get(code, {})
        kind = KIND_BY_TYPE.get(ck_type, "")
        if ck_type and not kind:
            print(f"location {code}: unknown CK_TYPE {ck_type!r}")
        return {
            "code": code, "name_vi": vi or ascii_name, "name_en": c.get("name_en") or ascii_name,
            "kind": c.get("kind") or kind or "place", "office": c.get("office", ""),
            "status": STATUS_REAL,
        }

    rows = []
    merged = 0
    for r in vn:  # every Vietnamese code; the world file adds the type and maybe a better name
        code = r["CK_MACK"]
        w = world_by_code.get(code, {})
        merged += bool(w)
        vi = r["CK_TENCK_VN"] or w.get("CK_TENCK_VN", "")
        ascii_name = r["CK_TENCK"]
        if ascii_name.upper() in ASCII_PLACEHOLDERS:
            ascii_name = w.get("CK_TENCK", "")
        rows.append(row(code, vi, ascii_name, w.get("CK_TYPE", "")))
    for w in world:
        if w["CK_MACK"] not in vn_codes:
            rows.append(row(w["CK_MACK"], w["CK_TENCK_VN"], w["CK_TENCK"], w["CK_TYPE"]))
    print(f"locations: {len(vn)} of vn-locations.csv, {len(world)} of locations-world.csv, "
          f"{merged} codes in both (one row each, names from vn-locations.csv)")
    real = {key(r["code"]) for r in rows}
    for code, c in current.items():
        if key(code) not in real:
            rows.append({**{h: c.get(h, "") for h in LOCATION_HEADER},
                         "kind": c.get("kind") or "place", "status": STATUS_TRAINING})
            print(f"location {code}: only in the previous locations.csv, kept as training")
    for r in rows:
        if len(r["code"]) not in (5, 6):
            print(f"location {r['code']}: code of length {len(r['code'])}")
        if not r["name_en"].isascii():
            print(f"location {r['code']}: non-ASCII short name {r['name_en']!r}")
    rows = unique(rows, "locations")
    write(os.path.join(out_dir, "locations.csv"), LOCATION_HEADER, rows)
    return rows


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "real-vnaccs", "codes")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "codelists"
    offices(src, out_dir)
    storage(src, out_dir)
    locations(src, out_dir)


if __name__ == "__main__":
    main()
