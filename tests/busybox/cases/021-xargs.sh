printf '1\n2\n3\n' | xargs echo
printf 'a b c' | xargs -n 1 echo item
