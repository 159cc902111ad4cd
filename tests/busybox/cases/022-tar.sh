mkdir -p src/sub; echo one > src/a; echo two > src/sub/b
tar cf x.tar src
mkdir out; cd out; tar xf ../x.tar; cat src/a src/sub/b
tar tf ../x.tar | sort
