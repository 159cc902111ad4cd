for i in 1 2 3; do echo "i=$i"; done
n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo n=$n
until [ $n -eq 0 ]; do n=$((n-1)); done; echo n=$n
