printf 'abc' | md5sum
printf 'AB\n' | od -c
printf '\001\002' | od -An -tx1
