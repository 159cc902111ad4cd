# more than a pipe's buffer through pipes and files
seq 1 4000 | sort -rn | tail -1
seq 1 20000 | md5sum
yes abcdefghij | head -c 100000 | wc -c
seq 1 5000 > big; cat big big big | wc -l
dd if=/dev/zero bs=1024 count=300 2>/dev/null | wc -c
