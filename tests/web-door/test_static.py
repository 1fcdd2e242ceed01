#!/usr/bin/python3
"""test_static.py — the web client's files served by gg-server at /: types,
headers (CSP, ETag, Cache-Control), 304, gzip where it pays, HEAD,
keep-alive, no directory listing, no path traversal (every trick we know),
the single-page-app fallback for deep links, and the default web root the
build fills from clients/web/public.

Usage: test_static.py BIN_DIR CASE   (--list for the cases)
"""
import gzip
import os
import shutil
import socket
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from wsclient import read_http_response  # noqa: E402
from harness import Server, check, main_cases  # noqa: E402

BIG_JS = b"".join(b"export function f%d(x) { return x * %d + 1; }\n" % (i, i) for i in range(300))


class Root:
    """A temporary web root beside a secret the server must never serve."""

    def __enter__(self):
        self.top = tempfile.mkdtemp(prefix="gg-web-")
        self.root = os.path.join(self.top, "web")
        os.makedirs(os.path.join(self.root, "sub", "dir"))
        os.makedirs(os.path.join(self.root, "js"))
        files = {"index.html": b"<!doctype html><title>gg</title><p>index</p>\n",
                 "js/app.js": BIG_JS,
                 "small.css": b"body{color:#000}\n",
                 "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(2000),
                 "data.json": b'{"a":1}\n',
                 "noext": b"plain file without an extension\n",
                 ".hidden": b"hidden\n",
                 "sub/page.html": b"<p>sub</p>\n"}
        for name, data in files.items():
            with open(os.path.join(self.root, name), "wb") as f:
                f.write(data)
        self.files = files
        with open(os.path.join(self.top, "secret.txt"), "wb") as f:
            f.write(b"SECRET-OUTSIDE-THE-ROOT\n")
        os.symlink(os.path.join(self.top, "secret.txt"), os.path.join(self.root, "link.txt"))
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.top, ignore_errors=True)


def get(port, path, headers=None, method="GET", sock=None):
    s = sock or socket.create_connection(("127.0.0.1", port), timeout=10)
    req = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (method, path, port)
    for k, v in (headers or {}).items():
        req += "%s: %s\r\n" % (k, v)
    s.sendall(req.encode("latin-1") + b"\r\n")
    if method == "HEAD":
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        head = buf.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        hd = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in head[1:])}
        extra = buf.split(b"\r\n\r\n", 1)[1]
        if not sock:
            s.close()
        return int(head[0].split()[1]), hd, extra
    st, hd, body, rest = read_http_response(s)
    if not sock:
        s.close()
    return st, hd, body


def serve(root):
    return Server(sys.argv[1], extra=["--web-root", root.root])


def case_types_and_headers(bin_dir):
    with Root() as root, serve(root) as srv:
        for path, ctype, name in (("/", "text/html; charset=utf-8", "index.html"),
                                  ("/index.html", "text/html; charset=utf-8", "index.html"),
                                  ("/js/app.js", "text/javascript; charset=utf-8", "js/app.js"),
                                  ("/small.css", "text/css; charset=utf-8", "small.css"),
                                  ("/logo.png", "image/png", "logo.png"),
                                  ("/data.json", "application/json", "data.json"),
                                  ("/noext", "application/octet-stream", "noext"),
                                  ("/sub/page.html?v=3#x", "text/html; charset=utf-8",
                                   "sub/page.html")):
            st, hd, body = get(srv.port, path)
            check(st == 200, "%s: %d" % (path, st))
            check(hd["content-type"] == ctype, "%s: type %r" % (path, hd["content-type"]))
            check(body == root.files[name], "%s: wrong body" % path)
            check(hd["x-content-type-options"] == "nosniff", "nosniff on %s" % path)
            check(hd["cache-control"] == "no-cache" and hd["etag"].startswith('"'),
                  "caching headers %r" % hd)
            csp = hd["content-security-policy"]
            for want in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                         "frame-ancestors 'none'",
                         "connect-src 'self' ws://127.0.0.1:%d wss://127.0.0.1:%d" % (
                             srv.port, srv.port)):
                check(want in csp, "CSP lacks %r: %r" % (want, csp))
            directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";"))
            check("unsafe-eval" not in csp, "CSP allows eval: %r" % csp)
            check("unsafe-inline" not in csp, "CSP allows inline script or style: %r" % csp)
            check(directives.get("style-src") == "'self'", "style-src: %r" % csp)
            check(not any(d.startswith(("style-src-", "script-src-")) for d in directives),
                  "no -attr/-elem directive loosens style-src or script-src: %r" % csp)
        st, hd, extra = get(srv.port, "/js/app.js", method="HEAD")
        check(st == 200 and int(hd["content-length"]) == len(BIG_JS) and extra == b"",
              "HEAD: %d %r %r" % (st, hd, extra[:20]))
        # keep-alive: two requests, one connection
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        a = get(srv.port, "/small.css", sock=s)
        b = get(srv.port, "/data.json", sock=s)
        s.close()
        check(a[2] == root.files["small.css"] and b[2] == root.files["data.json"],
              "keep-alive bodies")


def case_etag_304(bin_dir):
    with Root() as root, serve(root) as srv:
        st, hd, body = get(srv.port, "/small.css")
        etag = hd["etag"]
        st, hd2, body = get(srv.port, "/small.css", {"If-None-Match": etag})
        check(st == 304 and body == b"" and hd2["etag"] == etag, "304: %d %r" % (st, hd2))
        st, _, _ = get(srv.port, "/small.css", {"If-None-Match": '"other", ' + etag})
        check(st == 304, "ETag in a list: %d" % st)
        st, _, body = get(srv.port, "/small.css", {"If-None-Match": '"stale"'})
        check(st == 200 and body == root.files["small.css"], "stale ETag: %d" % st)
        # a changed file gets a new ETag and its new content
        with open(os.path.join(root.root, "small.css"), "wb") as f:
            f.write(b"body{color:#111}\n/* changed */\n")
        os.utime(os.path.join(root.root, "small.css"), (1, 1))
        st, hd3, body = get(srv.port, "/small.css", {"If-None-Match": etag})
        check(st == 200 and hd3["etag"] != etag and b"changed" in body, "changed file: %d" % st)


def case_gzip(bin_dir):
    with Root() as root, serve(root) as srv:
        st, hd, body = get(srv.port, "/js/app.js", {"Accept-Encoding": "gzip, deflate, br"})
        check(hd.get("content-encoding") == "gzip", "big JS not gzipped: %r" % hd)
        check(hd.get("vary") == "Accept-Encoding", "Vary: %r" % hd)
        check(len(body) < len(BIG_JS) // 2 and gzip.decompress(body) == BIG_JS,
              "gzip body %d of %d" % (len(body), len(BIG_JS)))
        st, hd, body = get(srv.port, "/js/app.js")
        check("content-encoding" not in hd and body == BIG_JS, "plain without Accept-Encoding")
        st, hd, body = get(srv.port, "/small.css", {"Accept-Encoding": "gzip"})
        check("content-encoding" not in hd, "tiny file gzipped: %r" % hd)
        st, hd, body = get(srv.port, "/logo.png", {"Accept-Encoding": "gzip"})
        check("content-encoding" not in hd, "PNG gzipped: %r" % hd)


def case_path_traversal(bin_dir):
    with Root() as root, serve(root) as srv:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                     "/..%2fsecret.txt", "/..%2Fsecret.txt", "/sub/../../secret.txt",
                     "/sub/%2e%2e/%2e%2e/secret.txt", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                     "/..%5csecret.txt", "/sub\\..\\..\\secret.txt", "/secret.txt%00.html",
                     "/link.txt", "/.hidden", "/sub/./page.html", "//etc/passwd",
                     "/%", "/%zz", "/....//secret.txt", "/.%2e/secret.txt"):
            st, hd, body = get(srv.port, path)
            check(b"SECRET" not in body and b"root:" not in body, "%s leaked a file" % path)
            check(st in (400, 404), "%s: status %d" % (path, st))
        # a request target that is not a path at all
        st, _, body = get(srv.port, "../secret.txt")
        check(st in (400, 404) and b"SECRET" not in body, "relative target: %d" % st)
        st, _, body = get(srv.port, "http://127.0.0.1/../secret.txt")
        check(st in (400, 404) and b"SECRET" not in body, "absolute-form target: %d" % st)


def case_cache_follows_changes(bin_dir):
    """A path served before is served from the cache only while it is still
    the same file: a symlink re-pointed outside the root is refused, a file
    replaced (same size, new inode) or rewritten is served anew."""
    with Root() as root, serve(root) as srv:
        inside = os.path.join(root.root, "in.txt")
        with open(inside, "wb") as f:
            f.write(b"inside-1\n")
        link = os.path.join(root.root, "moving.txt")
        os.symlink(inside, link)
        for _ in range(3):  # served, then from the cache
            st, _, body = get(srv.port, "/moving.txt")
            check(st == 200 and body == b"inside-1\n", "inside link: %d %r" % (st, body))
        os.unlink(link)
        os.symlink(os.path.join(root.top, "secret.txt"), link)
        st, _, body = get(srv.port, "/moving.txt")
        check(st == 404 and b"SECRET" not in body, "re-pointed outside: %d %r" % (st, body))
        os.unlink(link)
        os.symlink(inside, link)
        st, _, body = get(srv.port, "/moving.txt")
        check(st == 200 and body == b"inside-1\n", "pointed back inside: %d" % st)
        tmp = inside + ".new"
        with open(tmp, "wb") as f:
            f.write(b"inside-2\n")  # same size, another inode
        os.rename(tmp, inside)
        st, _, body = get(srv.port, "/in.txt")
        check(st == 200 and body == b"inside-2\n", "replaced file: %r" % body)
        st, _, body = get(srv.port, "/moving.txt")
        check(st == 200 and body == b"inside-2\n", "replaced file through the link: %r" % body)


def case_no_listing(bin_dir):
    with Root() as root, serve(root) as srv:
        for path in ("/sub/", "/sub", "/sub/dir/", "/js/"):
            st, hd, body = get(srv.port, path)
            check(b"page.html" not in body and b"app.js" not in body,
                  "%s lists the directory: %r" % (path, body[:80]))
        st, _, body = get(srv.port, "/sub/dir/")
        check(st == 404, "/sub/dir/ (no index.html): %d" % st)


def case_spa_routes(bin_dir):
    with Root() as root, serve(root) as srv:
        for path in ("/join/K7Q2-MX4P", "/watch/K7Q2-MX4P", "/teacher", "/teacher/new",
                     "/debrief/12", "/briefing/china", "/join/K7Q2-MX4P?lang=kk"):
            st, hd, body = get(srv.port, path)
            check(st == 200 and body == root.files["index.html"], "%s: %d %r" % (path, st, body))
            check(hd["content-type"].startswith("text/html"), "%s type" % path)
        for path in ("/missing.js", "/js/missing.js", "/favicon.ico"):
            st, _, _ = get(srv.port, path)
            check(st == 404, "%s: %d (missing files with an extension are 404)" % (path, st))


def case_default_root(bin_dir):
    """Without --web-root, gg-server serves <its directory>/../share/gg/web,
    which the build fills from clients/web/public."""
    public = os.path.join(HERE, "..", "..", "clients", "web", "public", "index.html")
    if not os.path.exists(public):
        print("clients/web/public is absent: nothing to serve")
        return
    with open(public, "rb") as f:
        want = f.read()
    with Server(bin_dir) as srv:
        st, hd, body = get(srv.port, "/")
        check(st == 200 and body == want, "/ is not clients/web/public/index.html: %d" % st)
        st, hd, body = get(srv.port, "/join/ABCD-EFGH")
        check(st == 200 and body == want, "deep link: %d" % st)


CASES = {n[5:]: f for n, f in sorted(globals().items()) if n.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
