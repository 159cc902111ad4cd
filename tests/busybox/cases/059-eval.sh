# eval re-reads its arguments
cmd='echo one; echo two'; eval "$cmd"
v=name; eval "$v=value"; echo "name=$name"
eval 'for i in 1 2; do echo "e$i"; done'
a='$b'; b=indirect; eval echo "$a"
eval 'exit 3' ; echo "not reached"
