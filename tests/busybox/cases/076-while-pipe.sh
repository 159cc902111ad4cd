# loops fed by pipes and redirected as a whole
printf '3\n1\n2\n' | while read n; do echo "n=$n"; done | sort
i=0; while read l; do i=$((i + 1)); done < /dev/null; echo "i=$i"
seq 1 3 > nums; while read n; do total=$((${total:-0} + n)); done < nums; echo "total=$total"
for w in c a b; do echo $w; done | sort
until [ "${k:-0}" -ge 3 ]; do k=$(( ${k:-0} + 1 )); echo "k=$k"; done > out; cat out
