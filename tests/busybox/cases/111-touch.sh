# touch -d, -r, -c, -t and times shown with stat and date
touch -d '2010-05-06 07:08:09' a; stat -c '%Y %y' a
touch -r a b; stat -c '%Y' b
touch -c nosuch; ls nosuch 2>&1
touch -t 199912312359.59 c; stat -c '%y' c
date -r a '+%F %T'
touch -d '@1234567890' e; stat -c '%Y' e
touch -d 'bad date' f 2>&1; echo "status $?"
