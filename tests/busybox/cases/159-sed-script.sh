# a sed script turning a config file into shell assignments
cat > conf <<'EOF'
# comment
name = mica
  version=1.0
empty =

path = /usr/bin
EOF
sed -n -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' -e 's/^[[:space:]]*\([a-z]*\)[[:space:]]*=[[:space:]]*\(.*\)$/\1="\2"/p' conf > vars
cat vars; . ./vars; echo "$name $version [$empty] $path"
