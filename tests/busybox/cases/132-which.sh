# which finds applets in PATH; -a; misses
bin=$(dirname "$(which sh)")
which sort | sed "s|$bin|BIN|"; which -a sed | sed "s|$bin|BIN|"
which nosuchcmd; echo "missing: $?"
mkdir mine; printf '#!%s\necho mine\n' "$(which sh)" > mine/tool; chmod +x mine/tool
PATH=$PWD/mine:$PATH; which tool | sed "s|$PWD|.|"; tool
chmod -x mine/tool; which tool; echo "not executable: $?"
