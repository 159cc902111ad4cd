echo first > f
echo second >> f
cat f
cat < f | wc -c
echo err >&2 2>/dev/null
ls nosuch 2>/dev/null || echo "ls failed"
