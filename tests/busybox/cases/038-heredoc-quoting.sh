# quoted delimiters make the body literal; unquoted expand $, `` and \
v=expanded
cat <<'A'
$v `echo no` \$ \\
A
cat <<"B"
$v
B
cat <<\C
$v
C
cat <<D
$v `echo yes` \$v $((1+2)) \\
D
