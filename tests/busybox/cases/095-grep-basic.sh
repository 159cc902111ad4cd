# grep -v -c -n -i -w -x -o and its exit statuses
printf 'apple\nbanana\nApple pie\npineapple\ncherry\n' > t
grep apple t; echo "---"; grep -i apple t; echo "---"
grep -v a t; grep -c apple t; grep -n an t
grep -w apple t; grep -x cherry t; grep -o 'an' t
grep -q cherry t; echo "found: $?"
grep -q durian t; echo "absent: $?"
grep apple nosuchfile 2>&1; echo "missing file: $?"
grep -s apple nosuchfile; echo "silent: $?"
