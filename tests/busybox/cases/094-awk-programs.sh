# awk -v, ARGV, functions, while/do, -f, uninitialised values
awk -v x=5 'BEGIN { print x * 2 }'
awk 'BEGIN { for (i = 0; i < ARGC; i++) print i, ARGV[i] }' a b
awk 'function fib(n) { return n < 2 ? n : fib(n-1) + fib(n-2) } BEGIN { print fib(15) }'
awk 'BEGIN { i = 0; do { i++ } while (i < 5); while (i < 8) i++; print i }'
printf 'BEGIN { print "from file", v }\n' > p.awk; awk -v v=1 -f p.awk
awk 'BEGIN { print u + 0, "[" u "]", length(u) }'
echo 5 | awk '{ print ($1 > 10) ? "big" : "small" }'
awk 'BEGIN { x = "10"; y = 9; print (x > y), ("10" > "9") }'
awk 'BEGIN { syntax error here' 2>&1 | head -1 >/dev/null; echo "bad program status handled"
