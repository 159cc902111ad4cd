# trap: listing, several signals at once, numbers, and resetting
trap 'echo a' USR1 USR2; trap > t; sort t
trap - USR1; trap > t; cat t
trap 'echo num' 10; trap > t; grep -c USR1 t
trap '' INT; trap > t; grep INT t
sh -c 'trap "echo caught TERM" TERM; kill -TERM $$; echo continued'
sh -c 'trap "echo exit code \$?" EXIT; sh -c "kill -9 \$\$"; echo "inner killed: $?"'
