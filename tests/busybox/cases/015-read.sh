printf 'a b\nc d\n' > in
while read x y; do echo "x=$x y=$y"; done < in
echo "one two" | { read a b; echo "$b $a"; }
