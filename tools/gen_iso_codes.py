#!/usr/bin/env python3
"""Generate codelists/countries.csv and codelists/currencies.csv from Debian's iso-codes.

Source: the `iso-codes` package (/usr/share/iso-codes/json) with its Vietnamese translations
(/usr/share/locale/vi/LC_MESSAGES/iso_3166-1.mo, iso_4217.mo). Run after `apt-get install
iso-codes`, then `tools/update_checksums.py` to refresh the manifest.

    python3 tools/gen_iso_codes.py [--iso-dir DIR] [--locale-dir DIR] [--out codelists]
"""
import argparse
import csv
import gettext
import json
import os
import subprocess


def translator(locale_dir, domain):
    try:
        return gettext.translation(domain, localedir=locale_dir, languages=["vi"]).gettext
    except OSError:
        return lambda s: s


def iso_codes_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "codelists"))
    args = ap.parse_args()

    vi = translator(args.locale_dir, "iso_3166-1")
    with open(os.path.join(args.iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    rows = sorted(
        (c["alpha_2"], vi(c["name"]), c["name"], c["alpha_3"], c["numeric"]) for c in countries
    )
    write(os.path.join(args.out, "countries.csv"),
          ["code", "name_vi", "name_en", "alpha3", "numeric"], rows)

    vi = translator(args.locale_dir, "iso_4217")
    with open(os.path.join(args.iso_dir, "iso_4217.json"), encoding="utf-8") as f:
        currencies = json.load(f)["4217"]
    rows = sorted((c["alpha_3"], vi(c["name"]), c["name"], c["numeric"]) for c in currencies)
    write(os.path.join(args.out, "currencies.csv"), ["code", "name_vi", "name_en", "numeric"], rows)
    print(f"iso-codes {iso_codes_version()}: {len(countries)} countries, {len(currencies)} currencies")


if __name__ == "__main__":
    main()
