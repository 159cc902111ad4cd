# bzip2, bunzip2, bzcat and the xz/lzma decompressors
seq 1 500 > n; cp n orig
bzip2 n; ls; bunzip2 n.bz2; cmp n orig && echo "bzip2 round trip"
bzip2 -c n | bzcat | md5sum; md5sum < orig
bzip2 -c n > n.bz2; bunzip2 -t n.bz2 2>&1; echo "test: $?"
printf 'not bzip' | bunzip2 2>&1; echo "bad: $?"
printf 'xz data' | xz 2>&1 | head -1 | cut -c1-30; echo "xz tried"
