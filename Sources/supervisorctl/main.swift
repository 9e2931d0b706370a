// supervisorctl: control the processes supervisord runs (see SupervisorCtl).
import Glibc
import SupervisorCtl

exit(SupervisorCtlMain.run(arguments: CommandLine.arguments))
