# find -empty -size -perm -print0 -depth; Debian's busybox has no -delete
mkdir -p t/e t/full; echo data > t/full/f; : > t/zero; touch t/full/g.tmp t/h.tmp
find t -empty | sort
find t -size +0 -type f
chmod 700 t/zero; find t -perm 700 -type f
find t -name '*.tmp' -delete 2>/dev/null; echo "-delete: $?"
find t -name '*.tmp' -exec rm {} +; find t | sort
find t -type f -print0 | tr '\0' ' '; echo
find t -depth -type d | sort
