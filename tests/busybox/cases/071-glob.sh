# pathname expansion: *, ?, [...], no match, set -f, dot files
touch a1 a2 b1 .hidden 'sp ace'
echo *; echo a?; echo [ab]1; echo [!a]*; echo *.none
echo .*; echo "*"
set -f; echo *; set +f
for f in *; do echo "[$f]"; done
mkdir -p x/y; touch x/y/z; echo */*/*
