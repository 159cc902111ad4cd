# export, readonly and the environment of children
X=local; sh -c 'echo "child sees [${X-}]"'
export X; sh -c 'echo "child sees [$X]"'
Y=once sh -c 'echo "one-shot [$Y]"'; echo "after [${Y-}]"
readonly R=fixed; (R=other) 2>&1 | sed 's/^.*: //'; echo "R=$R"
unset X; sh -c 'echo "unexported [${X-}]"'
env A=1 B=2 sh -c 'echo $A$B'
env -i A=1 B=2 $(which env) | sort
env -u HOME sh -c 'echo "HOME [${HOME-}]"'
