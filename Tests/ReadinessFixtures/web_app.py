"""A tiny WSGI app for gunicorn (Tests/IntegrationTests/ReadinessTests.swift): `/health` answers 200 `ok`."""


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/health":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
