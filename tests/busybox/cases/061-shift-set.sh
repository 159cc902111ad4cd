# set --, shift and positional parameters
set -- a b c d e
echo "$# $1 $5"
shift; echo "$# $1"
shift 2; echo "$# $*"
shift 5 2>/dev/null || echo "shift too far: status $?"
set --; echo "none: $#"
set -- "one two" three; for p; do echo "[$p]"; done
IFS=-; echo "$*"; IFS=' '
