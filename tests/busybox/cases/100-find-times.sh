# find -mtime -mmin -newer with fixed file times
touch -d '2000-01-01 00:00:00' old; touch new; touch -d '2000-01-02 00:00:00' mid
find . -type f -mtime +1000 | sort; echo ---
find . -type f -mtime -1 | sort; echo ---
find . -type f -mmin -60 | sort; echo ---
find . -type f -mmin +60 | sort; echo ---
find . -type f -newer mid | sort; echo ---
find . -type f ! -newer mid | sort
