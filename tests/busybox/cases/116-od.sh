# od -c -x -A -t -N -j -b
printf 'Hello\n\tA\001\377' > f
od -c f; od -x f; od -Ax -tx1 f; od -An -tx1 f
od -Ad -c f; od -An -N3 -c f; od -An -j 2 -N 2 -tx1 f
od -b f; od -An -td2 f; od -An -to1 f
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' | od -c
