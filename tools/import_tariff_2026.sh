#!/usr/bin/env bash
# Makes the bundled tariff (codelists/tariff.csv) from the consolidated 2026 tariff with the
# program's own import — the same code a broker runs with `khaibao codes import-tariff` — then
# refreshes the manifest's checksums. Unit, VAT and export duty are not in the file: the import
# keeps them from the tariff in use (the previous bundled table) for the lines it has.
#
#   tools/import_tariff_2026.sh [path/to/Tariff.xlsx]   (default ../shared/data/tariff-vn-2026/Tariff.xlsx)
set -euo pipefail
cd "$(dirname "$0")/.."
source="${1:-../shared/data/tariff-vn-2026/Tariff.xlsx}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
cargo run --quiet --release -- --data "$data" --lang en codes import-tariff "$source" --write-to codelists
python3 tools/update_checksums.py
