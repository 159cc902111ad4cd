true; echo $?
false; echo $?
sh -c 'exit 7'; echo $?
! false; echo $?
