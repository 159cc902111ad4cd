printf '%5s|%-5s|%05d|%x\n' ab cd 42 255
printf '%s\n' a b c
