sh -c 'set -e; echo before; false; echo after'; echo "status $?"
