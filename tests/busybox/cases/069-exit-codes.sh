# 126, 127 and statuses above 255
printf '#!/bin/sh\necho x\n' > noexec; chmod 644 noexec
./noexec 2>/dev/null; echo "not executable: $?"
./missing 2>/dev/null; echo "missing: $?"
sh -c 'exit 256'; echo "256: $?"
sh -c 'exit 300'; echo "300: $?"
sh -c 'exit -1' 2>/dev/null; echo "-1: $?"
mkdir dir; ./dir 2>/dev/null; echo "directory: $?"
