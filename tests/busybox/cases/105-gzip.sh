# gzip, gunzip and zcat: -c -d -k -t -1 -9, keep names, errors
seq 1 1000 > nums; cp nums orig
gzip nums; ls; gunzip nums.gz; cmp nums orig && echo "round trip"
gzip -9 -c nums > best.gz; gzip -1 -c nums > fast.gz; zcat best.gz | cmp - orig && echo "zcat -9 ok"
gunzip -c fast.gz | md5sum; md5sum < orig
gzip -t best.gz && echo "test ok"
echo notgzip > bad.gz; gunzip -t bad.gz 2>&1; echo "bad: $?"
printf 'a' | gzip | gunzip
gzip -c nums nums | gunzip | wc -l
