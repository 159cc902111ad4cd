# cd -, pwd -L and pwd -P through a symbolic link
base=$PWD
mkdir -p real/sub; ln -s real link
cd link/sub; pwd | sed "s|$base|.|"; pwd -P | sed "s|$base|.|"
cd ..; pwd | sed "s|$base|.|"
cd "$base/real"; cd - | sed "s|$base|.|"; pwd | sed "s|$base|.|"
cd "$base"; cd -P link; pwd | sed "s|$base|.|"
cd "$base"; (cd nosuchdir) 2>&1; echo "cd status $?"
cd; pwd
