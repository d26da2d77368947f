#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A faulty HTTP server for the resume test: the first response for a file
# breaks off (RST) halfway through its body; requests with a Range header
# get the rest as 206 Partial Content, as a real server would send it.
import os
import re
import socket
import struct
import sys

HOST, PORT, PATH = sys.argv[1], int(sys.argv[2]), sys.argv[3]
SIZE = os.path.getsize(PATH)


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    return data.decode("latin-1")


def send_file(conn, start, end):
    with open(PATH, "rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            block = f.read(min(65536, left))
            conn.sendall(block)
            left -= len(block)


def serve(conn):
    while True:
        request = read_request(conn)
        if request is None:
            return
        match = re.search(r"(?im)^range:\s*bytes=(\d+)-\s*$", request)
        if match:
            start = int(match.group(1))
            conn.sendall(("HTTP/1.1 206 Partial Content\r\n"
                          "Content-Length: %d\r\n"
                          "Content-Range: bytes %d-%d/%d\r\n\r\n"
                          % (SIZE - start, start, SIZE - 1, SIZE)).encode())
            send_file(conn, start, SIZE)
            continue
        conn.sendall(("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                      "Accept-Ranges: bytes\r\n\r\n" % SIZE).encode())
        send_file(conn, 0, SIZE // 2)
        # Abort: SO_LINGER with a zero timeout makes close() send RST.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
        return


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, PORT))
    listener.listen(4)
    while True:
        conn, _ = listener.accept()
        try:
            serve(conn)
        except OSError:
            pass
        conn.close()


main()
