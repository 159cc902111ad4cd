# seq and expr
seq 3; seq 2 4; seq 10 -3 1
seq -s, 1 5; seq -w 8 11; seq 0.5 0.5 2
seq 5 1; echo "empty: $?"
expr 7 \* 6; expr 20 / 3; expr 20 % 3; expr 5 - 8
expr length hello; expr substr hello 2 3; expr index hello l
expr match abc123 'abc\([0-9]*\)'; expr abc : 'a\(.\)'
expr 3 \< 5; expr abc = abc; expr 0 \| 5; expr 0 \& 5
expr 0; echo "zero status $?"
expr 1 / 0 2>&1; echo "div status $?"
