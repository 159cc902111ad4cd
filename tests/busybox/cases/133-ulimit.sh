# ulimit: set limits in subshells and read them back (values the case set)
(ulimit -n 64; ulimit -n; ulimit -S -n; ulimit -H -n)
(ulimit -S -n 32; ulimit -S -n)
(ulimit -c 0; ulimit -c)
(ulimit -f 100; ulimit -f; sh -c 'ulimit -f')
(ulimit -S -s 1024; ulimit -S -s)
(ulimit -n 16; exec 3>a 4>b 5>c; echo "fds open"; ulimit -n)
(ulimit -n 100; ulimit -H -n 50 2>&1 | sed 's/^.*: //'; ulimit -H -n 100; ulimit -S -n 10; ulimit -H -n 10; ulimit -n)
ulimit -y 2>&1 | sed 's/^.*: //'
