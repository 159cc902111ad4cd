# Debian's ash has no here-strings (<<<): a syntax error, status 2
sh -c 'cat <<< "here string"'; echo "status $?"
sh -c 'echo before; cat <<< x; echo after'; echo "status $?"
