a=$(echo sub); echo "[$a]"
b=`echo back`; echo "[$b]"
echo "nested $(echo $(echo deep))"
