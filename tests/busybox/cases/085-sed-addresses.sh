# sed addresses: numbers, $, /re/, ranges, steps, !
seq 1 10 > n
sed -n '3p' n | tr '\n' ' '; echo
sed -n '$p' n; sed -n '2,4p' n | tr '\n' ' '; echo
sed -n '/^5/,/^7/p' n | tr '\n' ' '; echo
sed -n '0,/2/p' n | tr '\n' ' '; echo
sed '2,9d' n | tr '\n' ' '; echo
sed -n '/1/!p' n | tr '\n' ' '; echo
sed '5q' n | tail -1
sed -n '/3/,+2p' n | tr '\n' ' '; echo
sed = n | head -4 | tr '\n' ' '; echo
