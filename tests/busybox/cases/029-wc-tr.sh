echo "Hello World" | tr a-z A-Z
echo "aabbcc" | tr -d b
echo "a  b   c" | tr -s ' '
printf 'l1\nl2 w\n' | wc
