# aliases in a script, and functions that redirect
alias say='echo said:'
say hi
unalias say; say hi 2>/dev/null || echo "unaliased"
logto() { echo "line for $1"; } > logfile
logto a; logto b; cat logfile
quiet() { echo hidden; echo shown >&2; } 2>&1 >/dev/null
quiet
