# date -d, -u and + formats on fixed dates
date -u -d @0
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %a %b %j %s'
date -u -d '2024-02-29 13:14:15' '+%A %d %B %Y %I %p %M %S %y %e %u %w'
date -u -d '2021-12-31' '+%U %W %V %G'
date -d '@86400' '+%F %T %Z'
date -u -D '%d/%m/%Y' -d '25/12/2020' '+%F'
date -u -d '1999-01-01 00:00' '+%s'
date -d 'not a date' 2>&1; echo "status $?"
