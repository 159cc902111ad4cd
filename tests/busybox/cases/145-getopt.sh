# the getopt applet (not the builtin getopts)
getopt ab:c -a -b x file 2>&1
getopt -o ab: -l long,with: -- -a --long --with=v rest 2>&1
getopt ab -z 2>&1; echo "status $?"
