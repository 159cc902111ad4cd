# awk fields: $n, NF, $NF, NR, FS, OFS, -F, changing $0
printf 'a b c\nd e\n\nf\n' > t
awk '{ print NR, NF, $1, $NF }' t
awk -F: '{ print $2 }' <<EOF2
x:y:z
1:2:3
EOF2
echo 'a,b;c' | awk -F'[,;]' '{ print $3 $2 $1 }'
echo 'a b c' | awk '{ $2 = "X"; print; print NF }'
echo 'a b c' | awk 'BEGIN { OFS = "-" } { $1 = $1; print }'
echo '  lead  spaces  ' | awk '{ print "[" $1 "]", NF }'
echo 'a b c' | awk '{ NF = 2; print }'
