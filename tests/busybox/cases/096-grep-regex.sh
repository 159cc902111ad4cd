# grep -E, -F, -e, character classes, anchors and back references
printf 'ab12\nabc\n123\na.c\naac\n' > t
grep -E '^[a-z]+[0-9]+$' t; grep -E 'a(b|a)c' t
grep -F 'a.c' t; grep 'a.c' t
grep -e 123 -e abc t
grep '[[:digit:]]\{3\}' t; grep -E '(a)\1' t
grep -c '' t; grep -E 'x|' t | wc -l
