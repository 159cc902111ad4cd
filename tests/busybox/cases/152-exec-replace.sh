# exec replaces the shell: later commands do not run; exec in a subshell
sh -c 'exec echo replaced; echo not reached'
(exec sh -c 'exit 4'); echo "subshell exec status: $?"
sh -c 'exec nosuchcmd' 2>&1 | sed 's/^.*: //'; 
sh -c 'exec 2>/dev/null; nosuchcmd; echo "stderr gone: $?"'
