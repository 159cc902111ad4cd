# tar tv listing with fixed times (not the owner's name: docs/abi.md);
# tar of a hard link
mkdir d; echo 12345 > d/f; chmod 644 d/f; chmod 755 d; ln d/f d/hard
touch -d '2020-01-02 03:04:05' d/f d
tar --numeric-owner -cf a.tar d 2>&1
tar tvf a.tar 2>&1 | awk '{ $2 = "OWNER"; print }' | sort -k6
mkdir x; tar xf a.tar -C x; stat -c '%h %Y' x/d/f
