# without PATH, applets run by ash re-execute /proc/self/exe
bb=$(which busybox)
unset PATH
echo b a | tr ' ' '\n' | sort | head -1
x=$(seq 3 | wc -l); echo "x=$x"
env -i A=1 B=2 env | sort
[ /proc/self/exe -ef "$bb" ] && echo "/proc/self/exe is busybox"
