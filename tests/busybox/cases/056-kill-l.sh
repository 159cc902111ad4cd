# kill -l: signal names and numbers
kill -l | head -3
kill -l 9; kill -l 15; kill -l 2
kill -l KILL
kill -l 137
kill -l 64 2>&1
