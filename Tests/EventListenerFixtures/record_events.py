"""An event listener for tests: records every event it receives (header line and payload) to a file.

Usage: record_events.py OUTFILE [REJECT_FIRST]
Each record is the header line, the payload, then a line "--END--". With REJECT_FIRST=n, the first n events are
answered FAIL (rejected), the rest OK. Speaks the protocol exactly as superlance's childutils does: text-mode
stdin, `len` counted in characters.
"""
import sys

def main():
    out = open(sys.argv[1], 'a', encoding='utf-8')
    reject = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    while True:
        sys.stdout.write('READY\n')
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return
        headers = dict(token.split(':', 1) for token in line.split())
        payload = sys.stdin.read(int(headers['len']))
        out.write(line + payload + '\n--END--\n')
        out.flush()
        if reject > 0:
            reject -= 1
            sys.stdout.write('RESULT 4\nFAIL')
        else:
            sys.stdout.write('RESULT 2\nOK')
        sys.stdout.flush()

if __name__ == '__main__':
    main()
