# sorting more data than fits a pipe, with keys and uniq
seq 1 1000 | awk '{ print ($1 * 997) % 1009, $1 }' > data
sort -n data | head -3; sort -k2,2n data | tail -2
sort -n data | awk '{ print $1 % 10 }' | sort | uniq -c
sort -rn data | md5sum
