# sed addresses: numbers, $, /re/, ranges, steps, !
seq 1 10 > n
sed -n '3p' n
sed -n '$p' n; sed -n '2,4p' n
sed -n '/^5/,/^7/p' n
sed -n '0,/2/p' n
sed '2,9d' n
sed -n '/1/!p' n
sed '5q' n | tail -1
sed -n '/3/,+2p' n
sed = n | head -4
