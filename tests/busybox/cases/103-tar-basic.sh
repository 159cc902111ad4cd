# tar c/x/t of directories, -C, and a single file
mkdir -p src/sub/deeper; echo one > src/a; echo two > src/sub/b; echo three > src/sub/deeper/c
tar cf x.tar src; tar tf x.tar | sort
mkdir out; tar xf x.tar -C out; cat out/src/a out/src/sub/b out/src/sub/deeper/c
tar -C src -cf y.tar sub; tar tf y.tar | sort
mkdir one; tar -xf y.tar -C one sub/b; find one | sort
tar tf nosuch.tar 2>&1; echo "status $?"
