# set -e: which failures end the script
sh -c 'set -e; false || echo "|| saves"; echo reached'
sh -c 'set -e; if false; then :; fi; echo "if condition saves"'
sh -c 'set -e; false && echo no; echo "&& list saves"'
sh -c 'set -e; ! true; echo "! saves"'
sh -c 'set -e; (false); echo "not reached"'; echo "subshell: $?"
sh -c 'set -e; f() { false; echo "not reached"; }; f'; echo "function: $?"
sh -c 'set -e; x=$(false); echo "not reached"'; echo "assignment: $?"
sh -c 'set -e; false | true; echo "pipeline status is the last"'
