# awk's system() and "cmd | getline" run through /bin/sh
awk 'BEGIN { r = system("echo from system; exit 3"); print "system returned", r }'
awk 'BEGIN { while (("printf \"a\\nb\\n\"" | getline l) > 0) print "got", l; close("printf") }'
awk 'BEGIN { "echo one two" | getline; print $2 }'
echo 'file line' > f
awk 'BEGIN { while ((getline l < "f") > 0) print "read:", l; print (getline l < "nosuch") }'
awk 'BEGIN { print "to file" > "out"; print "appended" >> "out"; close("out"); system("cat out") }'
awk 'BEGIN { print "c\nb\na" | "sort"; close("sort"); print "after sort" }'
