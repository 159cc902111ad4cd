# ( ) runs in a child, { } in the shell itself
x=1; (x=2; echo "in ( ) x=$x"); echo "after ( ) x=$x"
x=1; { x=3; echo "in { } x=$x"; }; echo "after { } x=$x"
(exit 6); echo "subshell exit $?"
(cd /; pwd); pwd | sed "s|$PWD|.|"
{ echo a; echo b; } | wc -l
echo start | { read v; echo "read in pipeline: $v"; }; echo "outside: [${v-}]"
