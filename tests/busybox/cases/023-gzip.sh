seq 1 200 > nums
gzip -c nums > copy.gz
gunzip -c copy.gz | tail -1
gzip nums; ls nums*; gunzip nums.gz; wc -l < nums
