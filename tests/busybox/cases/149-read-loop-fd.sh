# two files read in parallel through fds, and read -u
printf '1\n2\n3\n' > a; printf 'x\ny\nz\n' > b
exec 3< a 4< b
while read -r l <&3 && read -r r <&4; do echo "$l$r"; done
exec 3<&- 4<&-
printf 'p\nq\n' > c; exec 5< c; read -u 5 v; echo "u5: $v"; exec 5<&-
while read x; do echo "outer $x"; read y; echo "inner $y"; done <<EOF
1
2
3
4
EOF
