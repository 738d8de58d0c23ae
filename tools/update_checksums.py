#!/usr/bin/env python3
"""Write the SHA-256 of every table file into codelists/manifest.toml (in place).

    python3 tools/update_checksums.py [codelists-dir]

Run after editing any CSV; the test suite refuses a set whose checksums do not match.
"""
import hashlib
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "codelists")
path = os.path.join(root, "manifest.toml")
text = open(path, encoding="utf-8").read()


def fill(block):
    file = re.search(r'^file = "([^"]+)"', block, re.M).group(1)
    digest = hashlib.sha256(open(os.path.join(root, file), "rb").read()).hexdigest()
    return re.sub(r'^sha256 = "[^"]*"', f'sha256 = "{digest}"', block, flags=re.M)


parts = text.split("\n[[table]]")
text = parts[0] + "".join("\n[[table]]" + fill(p) for p in parts[1:])
open(path, "w", encoding="utf-8").write(text)
print(f"updated {len(parts) - 1} checksums in {path}")
