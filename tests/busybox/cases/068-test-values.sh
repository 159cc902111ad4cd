# test's string and number comparisons, and its errors
t() { if test "$@"; then echo "true: $*"; else echo "false($?): $*"; fi; }
t abc = abc; t abc != abd; t -n ""; t -z ""; t x
t 10 -eq 10; t 10 -ne 3; t -5 -lt 2; t 3 -ge 3; t 2 -gt 3; t 4 -le 1
t a \< b; t b \> a
t ! -n ""; t -n a -a -z ""; t "" -o x
t 1 -eq x 2>&1
[ 1 = 1 ] && [ 2 = 2 ] || echo no
[ "(" 1 = 1 ")" ] && echo parens
[ 1 = 1 2>&1 ; echo "missing ]: $?"
