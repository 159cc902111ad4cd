# > truncates, >> appends, both create
echo one > f; echo two >> f; echo three >> f
cat f
echo new > f; cat f
>> g; wc -c < g
: > f; wc -c < f
for i in 1 2 3; do echo $i; done >> g; cat g
