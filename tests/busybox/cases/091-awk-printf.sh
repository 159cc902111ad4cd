# awk printf and sprintf, number formatting and string functions
awk 'BEGIN { printf "%5d|%-5s|%05.1f|%x|%c|%e\n", 42, "ab", 3.14159, 255, 65, 1234.5 }'
awk 'BEGIN { s = sprintf("%03d-%s", 7, "x"); print s, length(s) }'
awk 'BEGIN { print 1/3; OFMT = "%.2f"; print 1/3; x = 1/3 ""; print x }'
awk 'BEGIN { print substr("hello", 2, 3), index("hello", "ll"), toupper("abc"), tolower("XyZ") }'
awk 'BEGIN { s = "aXbXc"; n = gsub(/X/, "-", s); print n, s; sub(/-/, "+", s); print s }'
awk 'BEGIN { if (match("foobar", /o+b/)) print RSTART, RLENGTH }'
awk 'BEGIN { print length("four"), int(-3.7), 7 % 3, 2 * 2 * 2 }'
