# set -o pipefail: the rightmost failing command's status
sh -c 'exit 3' | sh -c 'exit 0'; echo "without: $?"
set -o pipefail
sh -c 'exit 3' | sh -c 'exit 0'; echo "with: $?"
sh -c 'exit 3' | sh -c 'exit 4' | true; echo "two fail: $?"
true | true; echo "none: $?"
set +o pipefail
set -o | grep pipefail
