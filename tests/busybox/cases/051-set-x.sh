# set -x traces to stderr with PS4
sh -c 'set -x; a=1; echo "a is $a"; set +x; echo quiet' 2>&1
sh -c 'PS4="+trace: "; set -x; true x y' 2>&1
sh -xc 'echo from -x' 2>&1
