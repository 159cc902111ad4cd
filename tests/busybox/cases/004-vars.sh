x=5; y=$((x * 3 + 1)); echo $y
s="a b c"; set -- $s; echo $# $2
unset x; echo "[${x:-default}]"
z=abcdef; echo ${#z} ${z#ab} ${z%ef}
