#!/usr/bin/env bash
# Brings a shipped project's PublicAPI.Unshipped.txt in line with its code: drops the entries the analyzer reports as
# gone (RS0017) and adds the missing ones with the analyzer's own code fix (RS0016).
# Usage: eng/update-public-api.sh src/CustomerService.Core/CustomerService.Core.csproj
set -euo pipefail
project="$1"
dir="$(dirname "$project")"
file="$dir/PublicAPI.Unshipped.txt"
log="$(mktemp)"
dotnet build "$project" -c Release -p:TreatWarningsAsErrors=false 2>&1 | tee "$log" >/dev/null || true
python3 - "$file" "$log" <<'PY'
import re, sys
path, log = sys.argv[1], sys.argv[2]
gone = set()
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.search(r"PublicAPI\.Unshipped\.txt\((\d+),\d+\): (?:error|warning) RS0017", line)
    if m:
        gone.add(int(m.group(1)))
lines = open(path, encoding="utf-8").read().split("\n")
kept = [l for i, l in enumerate(lines, 1) if i not in gone]
open(path, "w", encoding="utf-8").write("\n".join(kept))
print(f"removed {len(gone)} stale entries")
PY
dotnet format analyzers "$project" --diagnostics RS0016 --severity info -v q || true
rm -f "$log"
