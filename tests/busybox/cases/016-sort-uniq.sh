printf '3\n1\n2\n1\n3\n3\n' > n
sort -n n | uniq -c
sort -rn n | uniq
sort -u n
