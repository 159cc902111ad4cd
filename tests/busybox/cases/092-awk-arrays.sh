# awk arrays: counting, in, delete, split, multiple subscripts
printf 'x\ny\nx\nz\nx\ny\n' > w
awk '{ c[$1]++ } END { for (k in c) print k, c[k] }' w | sort
awk 'BEGIN { n = split("a:b:c", p, ":"); print n, p[1], p[3] }'
awk 'BEGIN { a["k"] = 1; if ("k" in a) print "has k"; delete a["k"]; if (!("k" in a)) print "deleted" }'
awk 'BEGIN { m[1, 2] = "one-two"; for (k in m) { split(k, i, SUBSEP); print i[1], i[2], m[k] } }'
awk '{ line[NR] = $0 } END { for (i = NR; i > 0; i--) printf "%s ", line[i]; print "" }' w
