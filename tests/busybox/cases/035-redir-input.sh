# <, <> and reading a file through fds
printf 'l1\nl2\nl3\n' > in
wc -l < in
read first < in; echo "first=$first"
{ read a; read b; } < in; echo "$a $b"
cat 0< in | tail -1
exec 3<> rw; echo hello >&3; exec 3>&-; cat rw
