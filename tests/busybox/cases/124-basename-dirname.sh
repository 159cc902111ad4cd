# basename, dirname and realpath
basename /a/b/c.txt; basename /a/b/c.txt .txt; basename /a/b/; basename /
dirname /a/b/c; dirname a; dirname /a; dirname /; dirname a/b/
mkdir -p x/y; ln -s x/y link; touch x/y/f
realpath link/f | sed "s|$PWD|.|"; realpath x/../x/./y | sed "s|$PWD|.|"
realpath nosuch/deeper 2>&1 | sed "s|$PWD|.|"; echo "status $?"
