# an awk report: totals by key, formatted
cat > sales <<EOF
north 10 2.50
south 4 1.25
north 3 2.50
east 7 3.00
south 1 1.25
EOF
awk '{ q[$1] += $2; v[$1] += $2 * $3 } END { for (r in q) printf "%-6s %3d %7.2f\n", r, q[r], v[r] }' sales | sort
awk 'NR == 1 || $2 > max { max = $2; who = $1 } END { print who, max }' sales
awk '{ printf "%s%s", sep, $1; sep = "," } END { print "" }' sales
