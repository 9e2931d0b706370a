#!/usr/bin/env python3
"""Proves the messages in invalid-configs.txt are Python Supervisor 4.3's own.

Runs every case marked "python: same" through supervisor.options.ServerOptions (the code supervisord runs at
startup: reading the file, then opening the HTTP servers, where the rpcinterfaces are made) and checks that it
fails with the expected message (or prefix). Usage, from a venv with supervisor==4.3.0:

    python check_invalid_with_python.py [invalid-configs.txt]

Exits 1 if any case differs. Prints "N passed, N failed".
"""
import io
import os
import sys
import tempfile

from supervisor.options import ServerOptions


def load(path):
    cases, current, body = [], None, []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("### "):
            if current:
                current["text"] = "\n".join(body).rstrip("\n") + "\n"
                cases.append(current)
            current, body = {"title": line[4:]}, []
        elif current is not None and not body and line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            current[key] = value
        elif current is not None:
            body.append(line)
    if current:
        current["text"] = "\n".join(body).rstrip("\n") + "\n"
        cases.append(current)
    return cases


class _SilentLogger:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def python_error(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "supervisord.conf")
        with open(path, "w") as f:
            f.write(text)
        options = ServerOptions()
        options.stderr = io.StringIO()
        options.exit = lambda code: (_ for _ in ()).throw(SystemExit(code))
        try:
            options.realize(args=["-c", path])
            if options.server_configs:
                # supervisord makes its rpcinterfaces (and can refuse to start) only when it opens its servers.
                options.logger = _SilentLogger()
                options.openhttpservers(supervisord=None)
                options.close_httpservers()
        except SystemExit:
            err = options.stderr.getvalue()
            return err[len("Error: "):err.rindex("\nFor help")] if err.startswith("Error: ") else err
        except Exception as e:  # Python crashed: not a usage error
            return "CRASH %s: %s" % (type(e).__name__, e)
        return None


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "invalid-configs.txt")
    passed = failed = 0
    for case in load(path):
        if case.get("python") != "same":
            continue
        got = python_error(case["text"])
        # Supervisor appends " in section 'program:x' (file: '...')" to program-section errors; we give the place
        # separately, so compare the message before that suffix.
        if got and " in section '" in got:
            got = got[: got.rindex(" in section '")]
        ok = got is not None and (got == case["message"] if "message" in case else got.startswith(case["prefix"]))
        if ok:
            passed += 1
        else:
            failed += 1
            print("DIFFERS: %s\n  python: %r\n  ours:   %r" % (case["title"], got, case.get("message") or case.get("prefix")))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
