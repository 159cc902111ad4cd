# recursion, return values, "$@" and $#
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
fact 10
count() { echo $#; }
count "a b" c; count "$@"; set -- x "y z"; count "$@"; count $@; count "$*"
show() { for a; do echo "<$a>"; done; }
show "$@"
r() { return $1; }
r 0; echo $?; r 42; echo $?
