"""wsclient.py — a small RFC 6455 client on the Python standard library, for
the web-door tests: enough for a full game (text = the protocol's JSON form,
binary = msgpack) and deliberate enough to send every kind of bad frame.

    ws = WebSocket.connect("127.0.0.1", port)          # GET /ws, checks the 101
    ws.send_text('{"t":"hello","v":1}'); op, data = ws.recv_frame()
    ws.send_frame(OP_TEXT, b"...", fin=False, mask=False)  # raw, for abuse cases

GGWebSocket subclasses the Python kit's Client (clients/python/ggbot.py), so
everything the kit does (join, resume, play) runs over WebSocket.
"""

import base64
import hashlib
import json
import os
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))
sys.path.insert(0, os.path.join(HERE, "..", "netclients"))

import msgpack  # noqa: E402
from ggbot import FEATURES_ALL, PROTOCOL_MAJOR, Client  # noqa: E402

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class HandshakeError(Exception):
    def __init__(self, status, head):
        Exception.__init__(self, "handshake refused: %s" % status)
        self.status = status
        self.head = head


def read_http_response(sock):
    """Reads a response head and its Content-Length body. Returns (status,
    headers dict with lower-case names, body bytes, leftover bytes)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head: %r" % buf)
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    if status == 304 or status < 200:
        n = 0  # no body, whatever Content-Length says
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:n], rest[n:]


class WebSocket:
    def __init__(self, sock, leftover=b"", protocol=None):
        self.sock = sock
        self.buf = bytearray(leftover)
        self.protocol = protocol
        self.close_code = None
        self.close_reason = None

    @classmethod
    def connect(cls, host, port, path="/ws", origin=None, key=None, version="13",
                protocols=None, extra=None, timeout=10.0):
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = key if key is not None else base64.b64encode(os.urandom(16)).decode()
        req = ["GET %s HTTP/1.1" % path, "Host: %s:%d" % (host, port), "Upgrade: websocket",
               "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
               "Sec-WebSocket-Version: " + version]
        if origin:
            req.append("Origin: " + origin)
        if protocols:
            req.append("Sec-WebSocket-Protocol: " + ", ".join(protocols))
        req += extra or []
        sock.sendall(("\r\n".join(req) + "\r\n\r\n").encode())
        status, headers, body, rest = read_http_response(sock)
        if status != 101:
            sock.close()
            raise HandshakeError(status, headers)
        want = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != want:
            sock.close()
            raise ConnectionError("bad Sec-WebSocket-Accept %r" % headers)
        ws = cls(sock, rest, headers.get("sec-websocket-protocol"))
        sock.settimeout(None)
        return ws

    # ---- frames ----

    def send_frame(self, opcode, payload, fin=True, mask=True, rsv=0, length=None):
        head = bytearray([(0x80 if fin else 0) | (rsv << 4) | opcode])
        n = len(payload) if length is None else length
        mbit = 0x80 if mask else 0
        if n < 126:
            head.append(mbit | n)
        elif n < 65536:
            head.append(mbit | 126)
            head += struct.pack(">H", n)
        else:
            head.append(mbit | 127)
            head += struct.pack(">Q", n)
        if mask:
            key = os.urandom(4)
            head += key
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(head) + payload)

    def send_text(self, text):
        self.send_frame(OP_TEXT, text.encode() if isinstance(text, str) else text)

    def send_binary(self, data):
        self.send_frame(OP_BINARY, data)

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buf += chunk

    def recv_frame(self, timeout=None):
        """One frame from the server: (opcode, payload), or None on timeout.
        Server frames must be unmasked; a close frame sets close_code."""
        self.sock.settimeout(timeout)
        try:
            self._need(2)
            b0, b1 = self.buf[0], self.buf[1]
            if b1 & 0x80:
                raise ConnectionError("the server masked a frame")
            n, off = b1 & 0x7F, 2
            if n == 126:
                self._need(4)
                n, off = struct.unpack(">H", self.buf[2:4])[0], 4
            elif n == 127:
                self._need(10)
                n, off = struct.unpack(">Q", self.buf[2:10])[0], 10
            self._need(off + n)
        except socket.timeout:
            return None
        finally:
            self.sock.settimeout(None)
        payload = bytes(self.buf[off:off + n])
        del self.buf[:off + n]
        op = b0 & 0x0F
        if op == OP_CLOSE:
            self.close_code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
            self.close_reason = payload[2:].decode("utf-8", "replace")
        return op, payload

    def recv_message(self, timeout=None):
        """The next data message (opcode, payload); pings are answered. Raises
        ConnectionError on a close frame or EOF; None on timeout."""
        while True:
            f = self.recv_frame(timeout)
            if f is None:
                return None
            op, payload = f
            if op == OP_PING:
                self.send_frame(OP_PONG, payload)
            elif op == OP_CLOSE:
                raise ConnectionError("closed by the server: %s %s"
                                      % (self.close_code, self.close_reason))
            elif op in (OP_TEXT, OP_BINARY):
                return op, payload

    def wait_close(self, timeout=10.0):
        """Reads until the server's close frame (returns its code) or EOF
        (returns None)."""
        while True:
            try:
                f = self.recv_frame(timeout)
            except (ConnectionError, OSError):
                return self.close_code
            if f is None:
                raise TimeoutError("no close from the server")
            if f[0] == OP_CLOSE:
                return self.close_code

    def close(self, code=1000):
        try:
            self.send_frame(OP_CLOSE, struct.pack(">H", code))
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


class GGWebSocket(Client):
    """The Python kit's Client over a WebSocket: JSON text frames, or msgpack
    binary frames with binary=True."""

    def __init__(self, ws, name="wsclient.py", binary=False):
        Client.__init__(self, ws.sock, name)
        self.ws = ws
        self.binary = binary

    @classmethod
    def connect(cls, host="127.0.0.1", port=7777, name="wsclient.py", timeout=10.0,
                binary=False, **kw):
        c = cls(WebSocket.connect(host, port, timeout=timeout, **kw), name, binary)
        c.welcome = c.request({"t": "hello", "v": PROTOCOL_MAJOR, "name": name,
                               "feat": FEATURES_ALL})
        return c

    def close(self):
        self.ws.close()

    def send(self, msg):
        if "rid" not in msg:
            self.rid += 1
            msg = dict(msg, rid=self.rid)
        if self.binary:
            self.ws.send_binary(msgpack.packb(msg, use_bin_type=True))
        else:
            self.ws.send_text(json.dumps(msg))
        return msg["rid"]

    def recv_raw(self, timeout=None):
        m = self.ws.recv_message(timeout)
        if m is None:
            return None
        op, payload = m
        if op == OP_TEXT:
            return json.loads(payload.decode())
        return msgpack.unpackb(payload, raw=False)

    def resume(self, host, port, timeout=10.0):
        self.ws.close()
        self.ws = WebSocket.connect(host, port, timeout=timeout)
        self.sock = self.ws.sock
        self._early = []
        self.request({"t": "hello", "v": PROTOCOL_MAJOR, "name": self.name,
                      "feat": FEATURES_ALL})
        return self.request({"t": "resume", "tok": self.token, "last": self.last})
