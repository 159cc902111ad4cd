# local variables, globals and nested calls
x=global
inner() { echo "inner sees $x"; x=changed-by-inner; }
outer() { local x=outer-local; inner; echo "outer sees $x"; }
outer; echo "global is $x"
f() { local a=1 b; b=2; echo "$a$b"; }; f; echo "[${a-unset}${b-unset}]"
g() { echo "g: $1"; shift; [ $# -gt 0 ] && g "$@"; }; g one two three
unset -f g; g 2>/dev/null || echo "g gone"
