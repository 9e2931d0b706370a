#!/usr/bin/env python3
"""Generates the golden XML-RPC bodies in this folder with Python's own xmlrpc.client.

Run with the Python that Supervisor 4.3 runs on (3.11 here):

    /tmp/pysup/bin/python Tests/XMLRPCTests/Fixtures/make_fixtures.py

Responses are built the way supervisord builds them (supervisor/xmlrpc.py, xmlrpc_marshal + as_bytes):
dumps((value,), methodresponse=True) or dumps(Fault(code, string)), encoded as UTF-8. Requests are built the way
supervisorctl's ServerProxy builds them: dumps(params, methodname).encode('utf-8', 'xmlcharrefreplace').

The Swift tests (GoldenFixtureTests.swift) hold the same values written in Swift; keep the two in step.
"""
import os
import random
import struct
import sys
import xmlrpc.client as xc

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, text):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(text.encode('utf-8', 'xmlcharrefreplace'))


def response(name, value, allow_none=False):
    write(name, xc.dumps((value,), methodresponse=True, allow_none=allow_none))


def fault(name, code, string):
    write(name, xc.dumps(xc.Fault(code, string)))


def request(name, method, params, allow_none=False):
    write(name, xc.dumps(params, method, allow_none=allow_none))


def process_info(name, group, start, stop, now, state, statename, spawnerr, exitstatus, logfile, errlog, pid,
                 description):
    # Key order as in supervisor/rpcinterface.py getProcessInfo.
    return {'name': name, 'group': group, 'start': start, 'stop': stop, 'now': now, 'state': state,
            'statename': statename, 'spawnerr': spawnerr, 'exitstatus': exitstatus, 'logfile': logfile,
            'stdout_logfile': logfile, 'stderr_logfile': errlog, 'pid': pid, 'description': description}


def main():
    # --- responses -------------------------------------------------------------------------------------------
    response('response_all_process_info.xml', [
        process_info('cat', 'cat', 1700000000, 0, 1700000123, 20, 'RUNNING', '', 0,
                     '/tmp/cat-stdout.log', '/tmp/cat-stderr.log', 4242, 'pid 4242, uptime 0:02:03'),
        process_info('web_01', 'web', 1700000000, 1700000050, 1700000123, 100, 'EXITED', '', 3,
                     '/var/log/web_01.log', '', 0, 'Nov 14 10:14 PM'),
        process_info('broken', 'broken', 0, 0, 1700000123, 200, 'FATAL', "can't find command 'nope'", 0,
                     '/tmp/broken.log', '/tmp/broken-err.log', 0, "can't find command 'nope'"),
    ])
    response('response_empty_array.xml', [])
    response('response_true.xml', True)
    response('response_state.xml', {'statecode': 1, 'statename': 'RUNNING'})
    response('response_log_slice.xml', 'line one\n\tindented & <tagged> "quoted" \'apos\'\nünïcødé 🐱 中文\n')
    response('response_types.xml', {
        'true': True, 'false': False,
        'doubles': [0.0, -0.0, 1.5, 0.1, 1e16, 1234567890123456.0, 1e-05, 0.0001, -2.5e-300, 1.7976931348623157e308,
                    float('inf'), float('-inf')],
        'ints': [0, -1, 2147483647, -2147483648],
        'empty_string': '', 'empty_array': [], 'empty_struct': {},
        'escaping': 'a & b < c > d ]]> e',
        'unicode': 'Grüße, 世界, 😀',
        'base64': xc.Binary(bytes(range(256)) + b'tail'),
        'base64_empty': xc.Binary(b''),
        'datetime': xc.DateTime('20240229T23:59:58'),
        'nested': {'a': [[1, [2, {'b': [3]}]]]},
    })
    response('response_nil.xml', [None, {'key': None}, 'after'], allow_none=True)
    response('response_multicall.xml', [
        True,
        {'faultCode': 10, 'faultString': 'BAD_NAME: nope'},
        [{'name': 'web_01', 'group': 'web', 'status': 80, 'description': 'OK'},
         {'name': 'web_02', 'group': 'web', 'status': 70, 'description': 'NOT_RUNNING: web:web_02'}],
        'log text\n',
    ])
    fault('response_fault.xml', 10, 'BAD_NAME: bogus')
    fault('response_fault_escaped.xml', 2, 'INCORRECT_PARAMETERS: <x> & "y"')

    # --- requests --------------------------------------------------------------------------------------------
    request('request_get_state.xml', 'supervisor.getState', ())
    request('request_start_process.xml', 'supervisor.startProcess', ('web:web_01', True))
    request('request_read_log.xml', 'supervisor.readProcessStdoutLog', ('cat', -100, 0))
    request('request_send_stdin.xml', 'supervisor.sendProcessStdin', ('cat', 'hello & <world>\n\ttab ünï 🐱\n'))
    request('request_multicall.xml', 'system.multicall', ([
        {'methodName': 'supervisor.getProcessInfo', 'params': ['cat']},
        {'methodName': 'supervisor.startProcessGroup', 'params': ['web', False]},
        {'methodName': 'supervisor.getState', 'params': []},
    ],))
    request('request_types.xml', 'test.types', (
        1.5, -0.0, 1e100, xc.Binary(b'\x00\xffbinary'), xc.DateTime('19700101T00:00:00'), [], {}, '', None,
    ), allow_none=True)

    # --- doubles: bit pattern and repr(), for the float formatting test --------------------------------------
    rng = random.Random(20240601)
    values = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e15, 1e16, 1e17, 9007199254740992.0, 9007199254740993.0, 1e-4,
              1e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789.125, 100.0, 1e22, 1e23,
              0.5, 3.14159, 2.718281828459045, 1234567890123456.7, 12345678901234567.0]
    values += [rng.uniform(-1e6, 1e6) for _ in range(500)]
    values += [rng.uniform(0, 1) * 10 ** rng.randint(-30, 30) for _ in range(500)]
    while len(values) < 3000:
        bits = rng.getrandbits(64)
        x = struct.unpack('<d', struct.pack('<Q', bits))[0]
        if x == x and x not in (float('inf'), float('-inf')):
            values.append(x)
    with open(os.path.join(HERE, 'doubles.txt'), 'w') as f:
        for x in values:
            f.write('%016x %s\n' % (struct.unpack('<Q', struct.pack('<d', x))[0], repr(x)))

    print('wrote fixtures to', HERE, 'with Python', sys.version.split()[0])


if __name__ == '__main__':
    main()
