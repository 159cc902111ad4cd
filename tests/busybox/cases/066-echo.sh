# echo's options and escapes
echo -e 'tab\there\nnew line'
echo -e 'no newline\c'; echo
echo -n a; echo -n b; echo
echo -E 'raw\tstill'
echo -- -n
echo '\101'
echo -e '\0101\x42'
