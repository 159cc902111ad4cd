# find -name -type -maxdepth -mindepth -path and operators
mkdir -p top/a/b top/c; touch top/x.txt top/a/y.txt top/a/b/z.log top/c/w.txt
ln -s x.txt top/link
find top | sort; echo ---
find top -name '*.txt' | sort; find top -type d | sort; find top -type l
find top -maxdepth 1 | sort; echo ---; find top -mindepth 2 -type f | sort
find top -path '*a/b*' | sort; find top -name '*.txt' ! -path '*/a/*' | sort
find top \( -name '*.log' -o -name 'w*' \) | sort
find top -type f -name '*.txt' -print | wc -l
find nosuchdir 2>&1; echo "status $?"
