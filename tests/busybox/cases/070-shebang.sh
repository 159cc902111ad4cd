# scripts with #! lines, through a symbolic link and with an argument
printf '#!%s\necho "script got $# args: $*"\nexit 4\n' "$(which sh)" > s.sh
chmod +x s.sh; ./s.sh a b; echo "status $?"
ln -s s.sh alias.sh; ./alias.sh c; echo "via link: $?"
printf '#!%s -e\nfalse\necho not reached\n' "$(which sh)" > e.sh; chmod +x e.sh
./e.sh; echo "with -e: $?"
