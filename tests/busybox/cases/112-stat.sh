# stat -c formats of files the case made
echo hello > f; chmod 640 f; touch -d '2020-02-02 02:02:02' f
stat -c '%n|%s|%a|%A|%F|%h|%u|%g|%Y|%X' f
mkdir d; chmod 751 d; stat -c '%n %a %A %F' d
ln -s f l; stat -c '%N %F' l; stat -L -c '%F %s' l
mkfifo p; stat -c '%F %A' p
stat -c '%z' f | cut -c1-4 | grep -q 20 && echo "ctime is a date"
stat nosuch 2>&1; echo "status $?"
stat -c '%t %T' /dev/null
