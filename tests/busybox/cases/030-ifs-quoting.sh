IFS=:; set -- a:b:c; echo $2; IFS=' '
x='$HOME'; echo "$x" '$x'
echo "tab	in" | wc -c
