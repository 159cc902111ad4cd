# mktemp: files and directories from templates, in a directory of the case
f=$(mktemp -p . tmp.XXXXXX); [ -f "$f" ] && echo "file made"; stat -c '%a' "$f"
echo "${f%??????}" | sed 's|^.*/||'; echo "${#f}"
d=$(mktemp -d -p . dir.XXXXXX); [ -d "$d" ] && echo "dir made"; stat -c '%a' "$d"
a=$(mktemp -p . x.XXXXXX); b=$(mktemp -p . x.XXXXXX); [ "$a" != "$b" ] && echo "names differ"
mktemp -u -p . u.XXXXXX | sed 's/u\......./u.NAME/' | sed 's|^.*/||'
mktemp -p . bad 2>&1 | sed 's|^mktemp: ||' | cut -c1-20; echo done
