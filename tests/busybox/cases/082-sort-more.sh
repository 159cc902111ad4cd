# sort -f -s -c -o -z, and numbers with signs and decimals
printf 'B\na\nC\nb\n' | sort -f
printf 'B\na\nC\nb\n' | sort
printf '1 b\n1 a\n0 c\n' | sort -s -k1,1n
printf 'a\nb\n' | sort -c && echo sorted
printf 'b\na\n' | sort -c 2>&1; echo "status $?"
printf '3\n1\n2\n' > f; sort -o f f; cat f
printf -- '-1\n2.5\n-10\n0\n2.25\n' | sort -n
printf 'b\0a\0' | sort -z | tr '\0' '\n'
