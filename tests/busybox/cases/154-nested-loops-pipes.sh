# nested loops with pipes in and out, and break inside a pipeline
for i in 1 2 3; do
	for j in a b; do echo "$i$j"; done | tr '\n' ' '
	echo
done
seq 1 100 | while read n; do [ $n -gt 3 ] && break; echo $n; done
seq 1 5 | { s=0; while read n; do s=$((s + n)); done; echo "sum $s"; }
i=0; while [ $i -lt 3 ]; do echo $i; i=$((i + 1)); done | sort -r | head -1
