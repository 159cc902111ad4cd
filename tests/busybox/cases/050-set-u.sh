# set -u: unset variables are an error
sh -c 'set -u; echo "${unset_var-default}"; echo ok'
sh -c 'set -u; echo "$unset_var"; echo "not reached"' 2>&1; echo "status $?"
sh -c 'set -u; x=; echo "empty [$x] is set"'
sh -c 'set -u; echo $#; echo "$@"; echo done'
