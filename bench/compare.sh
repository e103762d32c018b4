#!/usr/bin/env bash
# cinx vs DuckDB on the same generated flat CSV: both compute the six FOI tables (unsuppressed), the
# outputs must be identical, and both wall times, peak memory and the ratio are printed. cinx runs with
# --no-ledger: the benchmark neither reads nor records releases in the user's ledger.
# Usage: bench/compare.sh [CHILDREN] (default 1800000; the CSV is generated once into bench-data/)
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-1800000}
data=bench-data/flat-$children
csv=$data/cin-flat.csv
python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb
swift build -c release --product cinx >/dev/null
if [ ! -s "$csv" ]; then
  echo "generating $children children into $data ..."
  /usr/bin/time -f "generate: %e s wall, %M KB peak" .build/release/cinx generate --children "$children" --seed 2017 --format csv --out "$data" >/dev/null
fi
ls -l "$csv" | awk '{printf "input: %s, %.0f MB\n", $9, $5 / 1048576}'
cat "$csv" > /dev/null   # page cache, as in the issue's measurements
rm -rf "$data/out-cinx" "$data/out-duckdb"
/usr/bin/time -f "%e %M" -o "$data/time-cinx" .build/release/cinx report "$csv" --table all --format csv --suppress 0 --no-ledger --out "$data/out-cinx" 2>/dev/null
/usr/bin/time -f "%e %M" -o "$data/time-duckdb" python3 bench/duckdb_foi.py "$csv" "$data/out-duckdb"
read -r tc mc < "$data/time-cinx"; read -r td md < "$data/time-duckdb"
same=yes
for t in summary age ethnicity ethnic-group maltreatment need; do
  # cinx marks unsuppressed CSV with a first comment line; compare the tables.
  if ! cmp -s <(grep -v '^#' "$data/out-cinx/$t.csv") "$data/out-duckdb/$t.csv"; then
    same=no; echo "DIFFERENT: $t"; diff <(grep -v '^#' "$data/out-cinx/$t.csv") "$data/out-duckdb/$t.csv" | head -10
  fi
done
printf "cinx:   %6.2f s wall, %6.0f MB peak\n" "$tc" "$(echo "$mc / 1024" | bc -l)"
printf "duckdb: %6.2f s wall, %6.0f MB peak\n" "$td" "$(echo "$md / 1024" | bc -l)"
printf "ratio cinx/duckdb: %.2f; tables identical: %s\n" "$(echo "$tc / $td" | bc -l)" "$same"
[ "$same" = yes ]
