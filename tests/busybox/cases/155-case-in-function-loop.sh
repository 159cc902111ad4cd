# a small program: word counting with functions, case and arrays of names
classify() {
	case $1 in
	*[0-9]*) echo number ;;
	[aeiou]*) echo vowel ;;
	*) echo other ;;
	esac
}
for w in apple 42 banana egg 7up zebra; do echo "$(classify $w) $w"; done | sort | awk '{ c[$1]++ } END { for (k in c) print k, c[k] }' | sort
