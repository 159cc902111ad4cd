# env and id (numbers only: names come from /etc/passwd)
env -i FOO=bar $(which env)
env FOO=1 sh -c 'echo $FOO'
id -u; id -g; id -G
env nosuchcmd 2>&1; echo "missing: $?"
