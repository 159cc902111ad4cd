# printf formats and escapes
printf '%c|%o|%X|%u|%i\n' hello 8 255 42 -3
printf '%e|%.2f|%g\n' 12345.678 3.14159 0.0001
printf '%%|%5.1f|%-6d|%+d\n' 2.25 7 5
printf 'a\tb\\n\n'
printf '%b\n' 'esc\x41\101\n-end'
printf '%s-%s\n' 1 2 3
printf '%d\n' 0x10 010 "'A"
printf '%d\n' notnum 2>&1; echo "status $?"
printf '%*d|%-*s|\n' 5 42 4 ab
