# read's status at end of file, a last line without newline
printf 'one\ntwo' | { while read l; do echo "got $l"; done; echo "left: [$l]"; }
printf 'x' | { read v; echo "status $? v=$v"; }
read v < /dev/null; echo "empty: $?"
printf 'a b c d\n' | { read one rest; echo "$one/$rest"; }
printf 'line1\nline2\n' | { read -n 3 p; echo "[$p]"; } 2>&1
