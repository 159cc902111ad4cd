# set -C refuses > onto a file; >| overrides
echo first > f
set -C
echo second > f 2>/dev/null || echo "refused: $?"
cat f
echo third >| f; cat f
echo new > g; cat g
echo append >> f; cat f
set +C; echo fourth > f; cat f
