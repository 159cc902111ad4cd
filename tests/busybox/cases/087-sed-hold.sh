# sed's hold space: h H g G x, and N P D
printf '1\n2\n3\n4\n' > n
sed -n '1!G;h;$p' n
sed -n 'H;${x;s/\n/,/g;p}' n
sed 'N;s/\n/+/' n
sed '$!N;P;D' n
printf 'key\nvalue\n' | sed -n 'h;n;G;p'
sed 'x;$!d' n; sed -n 'x;$p' n
