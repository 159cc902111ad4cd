for w in apple banana cherry; do
	case $w in
	a*) echo "A: $w" ;;
	*an*) echo "AN: $w" ;;
	*) echo "other: $w" ;;
	esac
done
