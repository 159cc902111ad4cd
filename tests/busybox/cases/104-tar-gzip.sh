# tar -z, tar of symbolic links and modes, extraction over files
mkdir -p d; echo data > d/f; chmod 751 d/f; ln -s f d/link
tar czf d.tgz d; tar tzf d.tgz | sort
mkdir x; cd x; tar xzf ../d.tgz; stat -c '%a %F %N' d/f d/link; cat d/link
echo changed > d/f; tar xzf ../d.tgz; cat d/f
cd ..; gzip -dc d.tgz | tar tf - | wc -l
tar cf - d | tar tf - | sort
