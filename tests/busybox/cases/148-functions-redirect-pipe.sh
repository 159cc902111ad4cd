# functions in pipelines and with here-documents, recursion through pipes
upper() { tr a-z A-Z; }
echo hi | upper | upper
gen() { for i in 3 1 2; do echo $i; done; }
gen | sort -n | while read n; do echo "n=$n"; done
lines() { wc -l; }
lines <<EOF
a
b
EOF
countdown() { [ $1 -gt 0 ] && { echo $1; countdown $(($1 - 1)); }; }
countdown 3 | paste -s -d' '
