# a here-document larger than a pipe buffer, and many in a row
{
	i=0
	while [ $i -lt 2000 ]; do echo "line $i of the document"; i=$((i + 1)); done
} > body
sh -c "cat <<EOF
$(cat body)
EOF" | md5sum; md5sum < body
for n in 1 2 3 4 5; do cat <<EOF; done
doc $n
EOF
