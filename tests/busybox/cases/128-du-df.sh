# du and df: only what does not depend on the file system (docs/abi.md)
mkdir -p d/e; echo x > d/f; echo y > d/e/g
du -a d | cut -f2 | sort
du -s d | cut -f2
df -P . 2>/dev/null | head -1
du nosuch 2>&1; echo "status $?"
