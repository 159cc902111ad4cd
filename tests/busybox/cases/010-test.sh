[ -d . ] && echo dir
[ -f nofile ] || echo nofile
[ "abc" = "abc" ] && echo eq
[ 3 -gt 2 ] && echo gt
test -z "" && echo empty
