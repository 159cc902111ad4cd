# sh -c with a name and arguments, sh -s, and a script from stdin
sh -c 'echo "[$0] [$1] [$#]"' myname a b
echo 'echo "from stdin $1"' | sh -s arg
printf 'echo one\necho two\nexit 3\necho no\n' | sh; echo "status $?"
sh -c 'set -- "$@" extra; echo $#' x y
sh nosuchscript 2>&1 | sed 's/^.*: //'; 
