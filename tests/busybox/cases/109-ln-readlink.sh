# ln, ln -s, ln -sf, readlink and readlink -f, hard link counts
echo data > f
ln f hard; stat -c '%h' f; cat hard
ln -s f soft; readlink soft; cat soft
ln -s ../nowhere dangling; readlink dangling; cat dangling 2>&1
ln -s f soft 2>&1; echo "exists: $?"
echo other > g; ln -sf g soft; readlink soft
mkdir d; ln -s ../f d/up; cat d/up; readlink -f d/up | sed "s|$PWD|.|"
ln f d; ls d
rm f; cat hard; stat -c '%h' hard
readlink hard; echo "not a link: $?"
