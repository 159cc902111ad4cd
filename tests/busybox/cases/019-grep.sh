printf 'alpha\nbeta\ngamma\nALPHA\n' > t
grep alpha t
grep -i alpha t | wc -l
grep -v a t
grep -c a t
grep -n '^g' t
grep -q zeta t || echo "no zeta"
