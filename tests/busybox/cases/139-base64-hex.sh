# base64, hexdump, xxd, uuencode
printf 'hello world' | base64; echo aGVsbG8gd29ybGQ= | base64 -d; echo
printf '\000\001\002hello' | hexdump -C
printf 'abc' | xxd; printf 'abc' | xxd -p; echo 616263 | xxd -r -p; echo
printf 'data' > f; uuencode f f.txt | head -2
echo '!!!' | base64 -d 2>&1; echo "bad input: $?"
