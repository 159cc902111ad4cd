# cp -r -p -a, into directories, and errors
mkdir -p a/b; echo x > a/b/f; chmod 640 a/b/f; touch -d '2001-02-03 04:05:06' a/b/f; ln -s f a/b/l
cp -r a c; find c | sort; stat -c '%a %F' c/b/f c/b/l
cp -p a/b/f p; stat -c '%a %Y' p
cp a/b/f np; stat -c '%a' np
cp -a a arch; stat -c '%a %Y %F' arch/b/f; stat -c '%a %F' arch/b/l; readlink arch/b/l
mkdir dest; cp a/b/f dest; cp a/b/f dest/renamed; ls dest
cp a dest2 2>&1; echo "dir without -r: $?"
cp nosuch x 2>&1; echo "missing: $?"
