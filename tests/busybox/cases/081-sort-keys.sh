# sort -n -r -k -t -u and combinations
printf 'b 2\na 10\nc 1\na 3\n' > t
sort t; sort -k2 -n t; sort -k2,2nr t; sort -k1,1 -k2,2n t
printf 'x:3:z\ny:1:w\nz:2:v\n' | sort -t: -k2
printf 'x:3:z\ny:1:w\nz:2:v\n' | sort -t: -k3r
printf '10\n9\n100\n9\n' | sort -u -n
