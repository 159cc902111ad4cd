# sed -i edits in place, also with a backup suffix and several files
printf 'one\ntwo\n' > a; printf 'three\n' > b
sed -i 's/o/0/g' a; cat a
sed -i.bak '1i\
header' a b; cat a b a.bak b.bak
ls | sort
sed -i '$a footer' b; cat b
