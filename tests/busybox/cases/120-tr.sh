# tr: ranges, classes, -d -s -c, escapes
echo 'Hello, World!' | tr a-z A-Z; echo 'Hello' | tr '[:upper:]' '[:lower:]'
echo 'a1b2c3' | tr -d 0-9; echo 'a1b2c3' | tr -cd 0-9; echo
echo 'aaabbbccc' | tr -s a-c; echo 'a  b   c' | tr -s ' ' _
printf 'a\tb\n' | tr '\t' ' '; echo 'abc' | tr abc 'x'
echo 'hello world' | tr -c 'a-z\n' '.'
printf 'x\ny\n' | tr '\n' ','; echo
echo abc | tr -d '[:alpha:]' | od -c | head -1
