# trap EXIT runs at the end, keeps the status, and sees $?
sh -c 'trap "echo exit trap status \$?" EXIT; exit 3'; echo "script status $?"
sh -c 'trap "echo bye" EXIT; false'; echo "status $?"
sh -c 'trap "echo in trap; exit 9" EXIT; exit 1'; echo "trap's exit: $?"
sh -c 'f() { trap "echo from f" EXIT; }; f; echo after f'
(trap 'echo subshell exit' EXIT; echo in subshell)
