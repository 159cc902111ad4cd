# trap on signals sent with kill, ignore and reset
sh -c 'trap "echo got INT" INT; kill -INT $$; echo after INT'
sh -c 'trap "echo got TERM; exit 4" TERM; kill $$; echo not reached'; echo "status $?"
sh -c 'trap "" USR1; kill -USR1 $$; echo ignored USR1'
sh -c 'trap "echo once" USR2; kill -USR2 $$; trap - USR2; kill -USR2 $$; echo not reached'; echo "default USR2: $?"
sh -c 'kill -HUP $$'; echo "killed by HUP: $?"
sh -c 'trap "echo hup" HUP; trap' 2>&1
