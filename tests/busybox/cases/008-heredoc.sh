x=value
cat <<END
line one $x
line two
END
cat <<'END'
literal $x
END
