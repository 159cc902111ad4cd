# uniq -c -d -u -i -f -s
printf 'a\na\nb\nc\nc\nc\na\n' > t
uniq t; uniq -c t; uniq -d t; uniq -u t
printf 'A\na\nb\n' | uniq -i
printf '1 x\n2 x\n3 y\n' | uniq -f1
printf 'ax\nbx\ncy\n' | uniq -s1 -c
