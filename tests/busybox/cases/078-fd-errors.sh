# redirection errors: missing files, bad fds, directories
cat < nofile 2>&1 | sed 's/^.*: //'
echo x > nodir/file 2>&1 | sed 's/^.*: //'
echo x >&7 2>&1 | sed 's/^.*: //'
read v <&8 2>&1 | sed 's/^.*: //'
mkdir d; echo x > d 2>&1 | sed 's/^.*: //'
cat d 2>&1
{ echo "after errors"; } 2>&1
