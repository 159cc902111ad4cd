# dd bs count skip seek conv
seq -w 1 100 > in
dd if=in of=out bs=10 count=3 2>/dev/null; cat out
dd if=in bs=3 skip=2 count=2 2>/dev/null; echo
printf 'XXXXXXXXXX' > t; printf 'ab' | dd of=t bs=1 seek=3 conv=notrunc 2>/dev/null; cat t; echo
printf 'XXXXXXXXXX' > t; printf 'ab' | dd of=t bs=1 seek=3 2>/dev/null; cat t; echo
echo hello | dd conv=ucase 2>/dev/null
dd if=/dev/zero bs=512 count=4 2>/dev/null | wc -c
dd if=in of=/dev/null bs=100 2>&1 | head -2
dd if=nosuch 2>&1; echo "status $?"
