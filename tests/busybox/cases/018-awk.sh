printf '1 2\n3 4\n5 6\n' > t
awk '{ s += $1 * $2 } END { print s }' t
awk -F: '{ print $1 }' /etc/motd | head -1 >/dev/null; echo awk-F ok
awk 'BEGIN { printf "%d %s\n", 42, "x"; exit }'
awk '{ print NR": "$2 }' t
