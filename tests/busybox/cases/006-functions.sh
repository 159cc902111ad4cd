f() { echo "f got $1 and $#"; return 3; }
f a b; echo "status $?"
g() { local v=inner; echo $v; }; v=outer; g; echo $v
