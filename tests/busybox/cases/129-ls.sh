# ls of files the case made, with fixed times and numeric owners
echo 12345 > f; chmod 640 f; touch -d '2020-03-04 05:06:07' f
mkdir d; touch -d '2019-01-01 00:00' d/x; ln -s f l
ls; ls -a | head -3; ls -1 d
ls -ln f; ls -lnd d | cut -c1-10; ls -ln l | sed 's/.* l ->/l ->/'
ls -F
touch -d '2021-01-01' new; ls -t f new | head -1
ls -r; ls -d d
ls nosuch 2>&1; echo "status $?"
