# sed a i c y w r and multiple scripts
printf 'a\nb\nc\n' > t
sed '2a after-b' t | tr '\n' ' '; echo
sed '2i before-b' t | tr '\n' ' '; echo
sed '2c changed' t | tr '\n' ' '; echo
sed 'y/abc/xyz/' t | tr '\n' ' '; echo
sed -n '/b/w out' t; cat out
echo inserted > ins; sed '1r ins' t | tr '\n' ' '; echo
sed -e 's/a/A/' -e 's/c/C/' t | tr '\n' ' '; echo
printf 's/b/B/\n/c/d\n' > script.sed; sed -f script.sed t
sed 'bogus' t 2>&1; echo "status $?"
