# md5sum, sha1sum, sha256sum, sha512sum, and -c
printf 'abc' > abc; : > empty
md5sum abc empty; sha1sum abc; sha256sum abc empty; sha512sum abc
printf 'x' | md5sum
md5sum abc > sums; md5sum -c sums
echo changed > abc; md5sum -c sums 2>&1; echo "status $?"
sha3sum empty 2>&1
md5sum nosuch 2>&1; echo "missing: $?"
