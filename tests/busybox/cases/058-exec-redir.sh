# exec with only redirections changes the shell's own fds
exec 3> out3
echo to three >&3
exec 3>&-
echo to closed >&3 2>/dev/null || echo "fd 3 is closed"
cat out3
exec 4< out3; read l <&4; echo "read [$l]"; exec 4<&-
sh -c 'exec > log; echo into log; echo more'; cat log
exec 5>&1; echo via five >&5; exec 5>&-
sh -c 'exec 1>&-; echo x' 2>&1 | sed 's/^.*: //'
