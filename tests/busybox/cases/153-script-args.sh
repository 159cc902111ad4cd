# a script file with arguments, $0, source/. and its return
printf 'echo "args: $#: $*"\nshift\necho "after shift: $1"\n' > s.sh
sh s.sh a b c
printf 'sourced_var=set\nreturn 3\necho not reached\n' > lib.sh
. ./lib.sh; echo "return from .: $? [$sourced_var]"
printf 'echo "in source, \\$1=$1"\n' > a.sh; set -- outer; . ./a.sh
. ./nosuch.sh 2>&1 | sed 's/^.*: //'
