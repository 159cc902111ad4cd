# 2>&1, >&2 and their order
{ echo out; echo err >&2; } > both 2>&1
cat both
{ echo out; echo err >&2; } 2>&1 > only-out | sed 's/^/piped: /'
cat only-out
sh -c 'echo to-stderr 1>&2' 2>/dev/null; echo "silenced"
ls nosuchfile > list 2>&1; echo "ls status $?"; cat list
