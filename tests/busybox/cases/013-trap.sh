sh -c 'trap "echo trapped EXIT" EXIT; echo body'
sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after'
