# field splitting with IFS, and quoting preventing it
v="a  b	c"; set -- $v; echo $#
set -- "$v"; echo $#
IFS=:; v="x::y:"; set -- $v; echo "$# [$1][$2][$3]"
IFS=' :'; v=" p : q "; set -- $v; echo "$# [$1][$2]"
unset IFS; v="m  n"; set -- $v; echo $#
IFS=; v="no split here"; set -- $v; echo $#
