# $( ) and backquotes, nested, with quoting
echo "$(echo "$(echo "a  b")")"
echo `echo \`echo backtick-nested\``
x=$(printf 'trailing\n\n\n'); echo "[$x]"
y=$(printf '\nleading'); echo "[$y]"
n=$(seq 1 3 | wc -l); echo "n=$n"
echo "$(false; echo status $?)"
z=$(exit 5); echo "assign status $?"
echo $(echo one; echo two)
echo "$(echo one; echo two)"
