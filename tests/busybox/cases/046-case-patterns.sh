# case: alternatives, classes, ?, * and quoting
for w in a1 b22 c ZZ "x y" '*' "" -opt; do
	case $w in
	[ab]?) echo "$w: a or b and one char" ;;
	b*|c) echo "$w: b-something or c" ;;
	[[:upper:]]*) echo "$w: upper" ;;
	*" "*) echo "$w: has a space" ;;
	'*') echo "$w: a star" ;;
	"") echo "empty" ;;
	-*) echo "$w: option" ;;
	esac
done
