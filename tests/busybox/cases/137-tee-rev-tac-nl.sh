# tee (and -a), rev, tac and nl
echo line | tee copy | tr a-z A-Z; cat copy
echo more | tee -a copy > /dev/null; cat copy
echo both | tee o1 o2 > /dev/null; cat o1 o2
printf 'abc\n123\n' | rev; printf '1\n2\n3\n' | tac
printf 'a\n\nb\n' | nl; printf 'a\n\nb\n' | nl -ba -w3 -s': '
