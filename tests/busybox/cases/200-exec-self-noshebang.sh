# an executable file without #! runs under ash itself (execve says
# ENOEXEC; ash re-executes busybox through /proc/self/exe)
printf 'echo no shebang line, args: $*\nexit 5\n' > plain.sh; chmod +x plain.sh
./plain.sh x y; echo "plain: $?"
