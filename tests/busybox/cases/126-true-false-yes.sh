# true, false, yes | head, and yes with an argument
true; echo $?; false; echo $?
yes | head -3; yes word | head -2; yes a b | head -1
yes | head -1000 | uniq -c
