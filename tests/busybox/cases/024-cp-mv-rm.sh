mkdir -p a/b; echo x > a/b/f
cp -r a c; cat c/b/f
mv c d; ls; cat d/b/f
rm -r a d; ls
echo y > g; cp -p g h; cat h
