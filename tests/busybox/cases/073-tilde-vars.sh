# ~, special parameters and the shell's options
HOME=/home/someone; echo ~ ~/x "~"
sh -c 'echo $0 $1 $2' zero one two
sh -c 'echo "$#"' x a b c
set -- 1 2 3; echo "${#}" "${3}"
case $- in *f*) echo "f set";; *) echo "f not set";; esac
set -f; case $- in *f*) echo "f now set";; esac; set +f
echo "${10-unset10}"; set -- 1 2 3 4 5 6 7 8 9 ten; echo "${10}"
