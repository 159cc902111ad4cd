# cal of a fixed month, factor, bc and dc
cal 2 2024; cal 9 1752 | tail -4
factor 360 97 1001
echo '2^10; 7/2; scale=3; 7/2' | bc
echo '3 4 + p' | dc; echo '2 10 ^ p' | dc
