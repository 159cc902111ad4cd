# printf reuses its format, handles missing arguments and octal escapes
printf '%s=%s\n' a 1 b 2 c
printf '[%s]\n'
printf '\101\102\n'; printf '%05.2f\n' 3.14159
printf '%s\n' "$(printf '%3d' 5)"
printf -- '-%s-\n' dash
printf '%x %X %o\n' 255 255 8
v=$(printf '%s' 'no newline'); echo "[$v]"
