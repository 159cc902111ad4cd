# ${...} forms
unset u; e=; s=hello.tar.gz
echo "[${u-dash}] [${e-dash}] [${u:-colon}] [${e:-colon}]"
echo "[${u+plus}] [${e+plus}] [${s:+alt}]"
echo "${u:=assigned}"; echo "u=$u"
echo "${#s} ${s%.*} ${s%%.*} ${s#*.} ${s##*.}"
echo "${s/l/L} ${s//l/L} ${s:1:3} ${s:6}"
(: ${missing:?is required}) 2>&1
echo "status $?"
p=/usr/local/bin/tool; echo "${p##*/} ${p%/*}"
