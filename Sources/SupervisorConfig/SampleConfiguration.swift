/// The commented sample configuration `echo_supervisord_conf` prints: a working starting point that explains each
/// section. Every active line is accepted by `supervisord` (a test checks it); commented lines show the options with
/// their defaults.
public enum SampleConfiguration {
    public static let text = #"""
; swift-supervisor configuration file.
;
; Save this as /etc/supervisor/supervisord.conf (or pass -c FILE) and put one
; file per program in /etc/supervisor/conf.d/. Lines starting with ; or # are
; comments. %(here)s is the directory of the file a value is written in, and
; %(ENV_NAME)s is the value of the environment variable NAME.
;
; Check a configuration without starting anything:
;   supervisord -c /etc/supervisor/supervisord.conf --check-config

[unix_http_server]
file=/tmp/supervisor.sock        ; the socket supervisorctl talks to
;chmod=0700                      ; socket file mode (default 0700)
;chown=nobody:nogroup            ; socket file owner (user or user:group)
;username=user                   ; require basic auth on the socket (default none)
;password=123                    ; plain text, or {SHA} + hex SHA-1 of the password

;[inet_http_server]              ; the web page and XML-RPC over TCP (off by default)
;port=127.0.0.1:9001             ; host:port, or *:port for all interfaces
;username=user                   ; strongly advised when the port is reachable
;password=123

[supervisord]
logfile=/tmp/supervisord.log     ; the daemon's own log (default $CWD/supervisord.log)
logfile_maxbytes=50MB            ; rotate when bigger than this; 0 never rotates
logfile_backups=10               ; rotated copies to keep; 0 keeps none
loglevel=info                    ; critical, error, warn, info, debug, trace, blather
pidfile=/tmp/supervisord.pid     ; (default $CWD/supervisord.pid)
nodaemon=false                   ; true runs in the foreground (containers, systemd)
silent=false                     ; true: with nodaemon, do not echo the log to stdout
minfds=1024                      ; start only if this many file descriptors are allowed
minprocs=200                     ; start only if this many processes are allowed
;umask=022                       ; umask of the daemon once it has daemonized
;user=supervisord                ; switch to this user after start (when run as root)
;identifier=supervisor           ; names this supervisor in the API
;directory=/tmp                  ; chdir here when daemonizing
;nocleanup=true                  ; keep old AUTO child logs at startup
;childlogdir=/tmp                ; where AUTO child logs go (default: the temp dir)
;environment=KEY="value"         ; added to every program's environment
;strip_ansi=false                ; remove ANSI escape sequences from child logs

; The supervisor XML-RPC namespace. swift-supervisor always serves it, but keep
; this section so Python Supervisor can read the same file.
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///tmp/supervisor.sock ; use an http:// URL for an inet server
;username=chris                  ; must match the server's username
;password=123                    ; must match the server's password
;prompt=mysupervisor             ; the interactive prompt (default "supervisor")
;history_file=~/.sc_history      ; keep command history between sessions

; A program. Copy this block, uncomment and edit it; the name after "program:"
; is how supervisorctl and the web page call it.
;[program:theprogramname]
;command=/bin/cat                ; the program and its arguments (no shell)
;process_name=%(program_name)s   ; needs %(process_num)s when numprocs > 1
;numprocs=1                      ; how many copies to run
;numprocs_start=0                ; the first %(process_num)
;directory=/tmp                  ; chdir here before exec
;umask=022                       ; umask of the process (default: inherited)
;priority=999                    ; lower starts first and stops last
;autostart=true                  ; start when supervisord starts
;startsecs=1                     ; must stay up this long to count as started
;startretries=3                  ; failed starts before giving up (FATAL)
;autorestart=unexpected          ; true, false, or unexpected (exit code not in exitcodes)
;exitcodes=0                     ; exit codes that count as expected
;stopsignal=TERM                 ; TERM, HUP, INT, QUIT, KILL, USR1, USR2, ...
;stopwaitsecs=10                 ; wait this long after stopsignal, then SIGKILL
;stopasgroup=false               ; send stopsignal to the whole process group
;killasgroup=false               ; send SIGKILL to the whole process group
;user=chrism                     ; run as this user (supervisord must be root)
;redirect_stderr=false           ; send stderr to the stdout log
;stdout_logfile=/a/path          ; a file, NONE, or AUTO (default AUTO)
;stdout_logfile_maxbytes=1MB     ; rotate when bigger than this; 0 never rotates
;stdout_logfile_backups=10       ; rotated copies to keep
;stdout_capture_maxbytes=1MB     ; capture-mode buffer for PROCESS_COMMUNICATION events
;stdout_events_enabled=false     ; emit PROCESS_LOG_STDOUT events
;stdout_syslog=false             ; also send stdout lines to syslog
;stderr_logfile=/a/path          ; the same options exist for stderr
;stderr_logfile_maxbytes=1MB
;stderr_logfile_backups=10
;stderr_capture_maxbytes=1MB
;stderr_events_enabled=false
;stderr_syslog=false
;environment=A="1",B="2"         ; added to the process environment
;serverurl=AUTO                  ; SUPERVISOR_SERVER_URL for the process

; An event listener pool: processes that receive events on stdin.
;[eventlistener:theeventlistenername]
;command=/bin/eventlistener      ; the listener program
;events=EVENT                    ; event types to receive, e.g. PROCESS_STATE,TICK_60
;buffer_size=10                  ; queued events before the oldest are dropped
;numprocs=1
;priority=-1                     ; listeners start first and stop last
;autorestart=unexpected
;stdout_logfile=/a/path          ; stdout carries the protocol; it is still logged
;stderr_logfile=/a/path

; A group: several programs managed under one name (group:*).
;[group:thegroupname]
;programs=progname1,progname2    ; each must have a [program:x] section
;priority=999

; More configuration files, relative to this file's directory.
;[include]
;files = conf.d/*.conf
"""#
}
