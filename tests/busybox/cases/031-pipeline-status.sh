# a pipeline's status is its last command's; ! inverts it
false | true; echo "false|true: $?"
true | false; echo "true|false: $?"
! true | false; echo "! ...: $?"
echo abc | tr a-c x-z | rev | tr z Z
seq 1 5 | while read n; do echo $((n * n)); done | paste -s -d+ | tee sum.txt
cat sum.txt
