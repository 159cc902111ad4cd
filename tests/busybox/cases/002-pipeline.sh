printf 'c\nb\na\n' | sort | head -2
echo one two three | tr ' ' '\n' | wc -l
