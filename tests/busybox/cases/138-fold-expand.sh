# fold, expand, unexpand, dos2unix and unix2dos
echo 'the quick brown fox jumps' | fold -w 10; echo 'the quick brown fox jumps' | fold -s -w 10
printf 'a\tb\tc\n' | expand | od -c | head -2
printf 'a\tb\n' | expand -t 4
printf '        x\n' | unexpand -a | od -c | head -1
printf 'a\r\nb\r\n' > dos; dos2unix dos; od -c dos | head -1
unix2dos dos; od -c dos | head -1
