# chmod symbolic and octal, -R; chown and chgrp with numbers
touch f; chmod 600 f; stat -c %a f
chmod u+x,g+r f; stat -c %a f; chmod a=r f; stat -c %a f
chmod o+w,g-r f; stat -c '%a %A' f; chmod 4755 f; stat -c '%a %A' f
mkdir -p d/e; touch d/e/g; chmod -R 700 d; stat -c '%a %n' d d/e d/e/g
chown 12:34 f; stat -c '%u %g' f; chgrp 56 f; stat -c '%u %g' f
chown -R 7 d; stat -c '%u %n' d/e/g
chmod 999 f 2>&1; echo "bad mode: $?"
chmod 644 nosuch 2>&1; echo "missing: $?"
