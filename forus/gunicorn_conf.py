"""gunicorn's settings for a web node: `gunicorn -c forus/gunicorn_conf.py forus.wsgi`.

Each worker process serves requests from a pool of threads. A client that
sends its request slowly (a trickled upload) holds one thread, not a whole
worker, so a few slow clients cannot stop the site answering; a buffering
proxy in front (HAProxy, see deploy/haproxy.cfg) keeps them away entirely.
Options given on the command line win over these.
"""

import os

from gunicorn.glogging import Logger

# Platforms that read the Procfile give the port in PORT.
bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
# A worker that stops answering its master for this long is restarted.
timeout = 30
# Told to stop (SIGTERM), a worker takes no new request and has this long
# to finish the ones in flight; a rolling restart loses none.
graceful_timeout = 20
# The load balancer keeps connections open between requests.
keepalive = 5
# Workers are never recycled: nothing leaks. bench/memory.py served 76,000
# requests of every page type (cached, rendered afresh, 404) to two workers,
# whose memory rose 0.6 and 1.0 MB (0.6%, 1%) after the first 7,000 and
# was levelling off. Recycling every 2,000 requests, as before, re-imported
# Django in a worker every second or two at peak, and cut cached pages to
# 0.3x of what the server gives (issue 13). Run bench/memory.py again after
# a change that may hold memory; recycle then, with a limit in the hundreds
# of thousands, only if it rises.
max_requests = 0


class TokenScrubbingLogger(Logger):
    """gunicorn's logger, with the tokens of emailed links scrubbed from the access log.

    gunicorn writes no access log unless told to (`--access-logfile`); when
    it does, every part of a line (request line, path, query, referrer, the
    headers and environ a format may name) loses its tokens as Django's own
    log lines do (forus/logs.py).
    """

    def atoms(self, resp, req, environ, request_time):
        from forus.logs import path_scrub, text_scrub  # noqa: PLC0415 - in a worker, not the master

        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if not isinstance(value, str):
                continue
            if name in {"q", "{query_string}e"}:
                atoms[name] = path_scrub(f"?{value}")[1:]
            else:
                # The request line, path, referrer, and the same in headers and environ.
                atoms[name] = text_scrub(value)
        return atoms


logger_class = TokenScrubbingLogger
