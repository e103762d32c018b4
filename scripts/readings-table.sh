# The demo under each reading of every documented choice, as docs/definitions.md quotes it ("Readings side by
# side"): sourced by the docs' output check (`source scripts/readings-table.sh`), where `cinx` is the binary under
# test; every number comes from `cinx report --compare`, protected as it publishes them.
files="demo-data/cin-2015.xml.gz demo-data/cin-2016.xml.gz demo-data/cin-2017.xml.gz demo-data/cin-2018.xml.gz demo-data/cin-2019.xml.gz demo-data/cin-2020.xml.gz"
# cells of cohort A under each reading: CSV on stdin, the cells as arguments
cohort_a() {
    local IFS="|"
    awk -F, -v cells="$*" 'BEGIN { n = split(cells, want, "|") }
        { sub(/\r$/, "") }
        $3 == "A" && $4 == "count" { v[$5 "," $6] = $8; if (!($5 in seen)) { seen[$5] = 1; order[++k] = $5; choice[$5] = $1 } }
        END { for (i = 1; i <= k; i++) { line = sprintf("| %s | %s |", choice[order[i]], order[i]);
              for (j = 1; j <= n; j++) line = line sprintf(" %s |", v[order[i] "," want[j]]); print line } }'
}
echo "| choice | reading | A: N1 | N4 | N5 | None |"
echo "|---|---|---:|---:|---:|---:|"
for choice in need-episode window-from; do
    cinx report $files --table need --compare $choice --quiet | cohort_a N1 N4 N5 None
done
echo
echo "| choice | reading | A: Unborn | Under 1 | 1-4 | 5-9 | 10-15 | 16+ |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
cinx report $files --table age --compare age-at --quiet | cohort_a Unborn "Under 1" 1-4 5-9 10-15 16+
echo
echo "| choice | reading | A | B | C | D | E | children of A out of the population |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
cinx report $files --table summary --compare code-21 --quiet 2>/dev/null | awk -F, '{ sub(/\r$/, "") }
    $4 == "count" { v[$5 "," $3] = $8; if (!($5 in seen)) { seen[$5] = 1; order[++k] = $5 } }
    $4 == "moved-cohort" && $3 == "A" && $7 == "out" { out = $8 }
    END { for (i = 1; i <= k; i++) { r = order[i]; printf "| code-21 | %s | %s | %s | %s | %s | %s | %s |\n", r, v[r ",A"], v[r ",B"],
          v[r ",C"], v[r ",D"], v[r ",E"], i == 1 ? "" : out } }'
echo
echo "| choice | reading | children counted differently (in or out of the population, or in another cohort) |"
echo "|---|---|---:|"
cinx report $files --table summary --compare all --quiet 2>/dev/null | awk -F, '{ sub(/\r$/, "") } $4 == "changed" { printf "| %s | %s | %s |\n", $1, $5, $8 }'
