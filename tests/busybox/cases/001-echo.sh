echo hello world
echo -n no newline; echo
echo "a  b" 'c  d'
