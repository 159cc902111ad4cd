# sed a i c y w r and multiple scripts
printf 'a\nb\nc\n' > t
sed '2a after-b' t
sed '2i before-b' t
sed '2c changed' t
sed 'y/abc/xyz/' t
sed -n '/b/w out' t; cat out
echo inserted > ins; sed '1r ins' t
sed -e 's/a/A/' -e 's/c/C/' t
printf 's/b/B/\n/c/d\n' > script.sed; sed -f script.sed t
sed 'bogus' t 2>&1; echo "status $?"
