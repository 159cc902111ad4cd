# a FIFO with a reader and a writer
mkfifo p; stat -c '%F %a' p
cat p > got & echo through the fifo > p; wait; cat got
(echo a; sleep 0.1; echo b) > p & cat p; wait
mkfifo -m 600 q; stat -c '%a' q
mkfifo p 2>&1; echo "exists: $?"
