# a pipeline of grep, sed, awk, sort and uniq over a made-up log
cat > log <<'EOF'
2020-01-01 10:00:01 INFO start pid=1
2020-01-01 10:00:02 WARN disk 91%
2020-01-01 10:00:03 ERROR open /x: ENOENT
2020-01-01 10:00:04 INFO tick
2020-01-01 10:00:05 ERROR open /y: EACCES
2020-01-01 10:00:06 WARN disk 95%
EOF
grep -E 'WARN|ERROR' log | awk '{ print $3 }' | sort | uniq -c
grep ERROR log | sed 's/.*: //'
awk '$3 == "WARN" { sub(/%/, "", $5); s += $5; n++ } END { print "avg disk", s / n }' log
cut -d' ' -f2 log | cut -d: -f3 | paste -s -d, -
