# type, command -v, command and builtins
type cd; type true; type echo
f() { :; }; type f
command -v cd; command -v f
command -v nosuchcmd || echo "not found: $?"
nosuchcmd 2>/dev/null; echo "status of unknown command: $?"
command echo via command
alias ll='echo aliased'; alias ll
