# cpio: create an archive, list it, extract it
mkdir -p d/e; echo one > d/a; echo two > d/e/b
find d | sort | cpio -o -H newc > a.cpio 2>/dev/null
cpio -t < a.cpio 2>/dev/null
mkdir x; cd x; cpio -i -d < ../a.cpio 2>/dev/null; cat d/a d/e/b
