# rm -r -f, rmdir, and their errors
mkdir -p d/e/f; touch d/1 d/e/2
rm d 2>&1; echo "dir without -r: $?"
rm -r d; ls
rm nosuch 2>&1; echo "missing: $?"
rm -f nosuch; echo "missing with -f: $?"
mkdir a; touch a/x; rmdir a 2>&1; echo "rmdir non-empty: $?"
rm a/x; rmdir a; echo "rmdir empty: $?"
mkdir -p p/q/r; rmdir -p p/q/r; ls
touch ro; chmod 444 ro; rm -f ro; ls
