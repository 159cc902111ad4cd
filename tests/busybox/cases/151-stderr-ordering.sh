# stdout and stderr interleave in order when both go to one file
{ echo 1; echo 2 >&2; echo 3; echo 4 >&2; } > out 2>&1; cat out
sh -c 'echo a; echo b >&2; echo c' 2>&1 | cat
(echo x >&2) 2>&1 >/dev/null | tr x X
exec 3>&1; (echo to3 >&3) 3>&1 | cat; exec 3>&-
