# strings, crc32, sha3sum of text, and ts-free text tools
printf 'ab\000hello\001world!\000xy' > bin; strings bin; strings -n 6 bin
printf 'abc' | crc32 2>/dev/null || echo "crc32 absent"
printf 'abc' > f; sha3sum f
printf 'b\na\n' | sort -r | head -1
