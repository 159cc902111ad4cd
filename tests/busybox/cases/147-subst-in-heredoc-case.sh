# command substitution inside case, here-documents and arithmetic
x=$(case b in a) echo A;; b) echo B;; esac); echo "x=$x"
echo $(( $(echo 6) * $(echo 7) ))
cat <<EOF
sum $(( $(seq 1 4 | paste -s -d+) )) of $(echo "$(echo nested)")
EOF
y=`echo "outer \`echo inner\`"`; echo "$y"
z="$(echo 'single '"'"'quotes'"'"' kept')"; echo "$z"
