# read -r keeps backslashes; IFS chooses the separators
printf '%s\n' 'a\tb\\c' | { read -r x; echo "raw: $x"; }
printf '%s\n' 'a\tb\\c' | { read x; echo "cooked: $x"; }
printf 'root:x:0:0:root:/root:/bin/sh\n' | while IFS=: read -r name pw uid gid rest; do
	echo "name=$name uid=$uid rest=$rest"
done
echo "  lead and trail  " | { IFS= read -r line; echo "[$line]"; }
echo "  lead and trail  " | { read -r line; echo "[$line]"; }
echo "a,b,,c" | { IFS=, read -r p q r s; echo "$p|$q|$r|$s"; }
