# cut -d -f -c -b -s
printf 'a:b:c:d\n1:2:3:4\nnofield\n' > t
cut -d: -f2 t; cut -d: -f1,3 t; cut -d: -f2- t; cut -d: -f-2 t
cut -s -d: -f1 t
echo abcdefgh | cut -c3-5; echo abcdefgh | cut -c-3,6-; echo abcdefgh | cut -b2
printf 'a\tb\tc\n' | cut -f2
cut -d: t 2>&1 | head -1; echo "no list"
