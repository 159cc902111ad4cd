# test's file operators
echo data > f; : > empty; mkdir d; ln -s f link; ln -s nowhere dangling
chmod 755 f; chmod 600 empty
for op in -e -f -d -r -w -x -L -h -b -c -p -S; do
	r=""
	for n in f empty d link dangling nowhere; do
		if test $op $n; then r="$r $n"; fi
	done
	echo "$op:$r"
done
# -s of a directory depends on the file system (docs/abi.md)
for n in f empty link dangling; do [ -s $n ] && echo "-s $n"; done
touch -d '2020-01-01' old; touch -d '2021-01-01' new
[ new -nt old ] && echo "new -nt old"; [ old -ot new ] && echo "old -ot new"
[ f -ef link ] && echo "link -ef f"
test -t 0; echo "stdin a tty: $?"
