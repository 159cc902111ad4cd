# umask sets the mode of new files and directories
umask 022; umask; touch f1; mkdir d1; stat -c '%a %n' f1 d1
umask 077; umask; touch f2; mkdir d2; stat -c '%a %n' f2 d2
umask 0; touch f3; mkdir d3; stat -c '%a %n' f3 d3
umask -S
umask u=rwx,g=rx,o=; umask
umask 022; (umask 0777); umask
