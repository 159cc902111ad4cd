# here-documents in functions, loops, command substitution and pipelines
f() {
	cat <<EOF2
in function: $1
EOF2
}
f arg
for i in 1 2; do
	cat <<EOF2
loop $i
EOF2
done
x=$(cat <<EOF2
captured $(echo inner)
EOF2
)
echo "[$x]"
cat <<A; cat <<B
first
A
second
B
sed 's/^/> /' <<EOF2 | tr a-z A-Z
piped heredoc
EOF2
