# xargs -n -I -0 -r -t and exit statuses
printf '1 2 3 4 5\n' | xargs -n 2 echo
printf 'a\nb\n' | xargs -I {} echo "<{}>"
printf 'with space\0other\0' | xargs -0 -n 1 echo item:
printf '' | xargs -r echo not run; echo "empty -r: $?"
printf '' | xargs echo run once
echo x y | xargs -t echo 2>&1
printf '1\n2\n' | xargs sh -c 'exit 1'; echo "failing command: $?"
printf 'a b\n' | xargs nosuchcmd 2>/dev/null; echo "missing command: $?"
