# break, continue and their counts
for i in 1 2 3 4 5; do
	[ $i = 2 ] && continue
	[ $i = 4 ] && break
	echo "i=$i"
done
for a in x y; do
	for b in 1 2 3; do
		[ $b = 2 ] && continue 2
		echo "$a$b"
	done
done
for a in x y; do for b in 1 2; do echo "$a$b"; break 2; done; done
n=0; while :; do n=$((n + 1)); [ $n -ge 7 ] && break; done; echo n=$n
