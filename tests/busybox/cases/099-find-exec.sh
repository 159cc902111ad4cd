# find -exec {} \; and {} +, -ok is not used; xargs-like batching
mkdir d; for f in c a b; do echo "content $f" > d/$f; done
find d -type f -exec cat {} \; | sort
find d -type f -exec echo batch {} + | tr ' ' '\n' | sort
find d -name a -exec sh -c 'echo "sh got $1"' sh {} \;
find d -type f -exec grep -l 'content b' {} +
find d -name '*' -type f -exec false {} \; ; echo "exec false: $?"
