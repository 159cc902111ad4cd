# mv of files and directories, into directories, over files
mkdir -p d1/sub; echo in-d1 > d1/sub/f
mv d1 d2; ls; cat d2/sub/f
mkdir target; mv d2 target; find target | sort
echo a > a; echo b > b; mv a b; cat b; ls
mkdir e1 e2; touch e2/x; mv e1 e2; ls e2
mkdir full; touch full/y; mkdir -p t2/full; mv full t2 2>&1 | sed 's/.*: //'; echo "status $?"
mv nosuch z 2>&1; echo "missing: $?"
