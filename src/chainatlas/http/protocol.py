"""uvicorn's HTTP protocol with the API's error shape for requests it cannot parse.

A request line that httptools refuses (raw UTF-8 or spaces in the URL, a malformed header, an
oversized request line) never reaches the application; uvicorn answers it with a text/plain
400 of its own. This subclass answers it with the JSON error shape, in Chinese, like every
other error (`chainatlas serve` passes it as uvicorn's `http` protocol).
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from chainatlas.http.errors import error_body

MESSAGE = "请求格式有误：网址中的中文等字符须经 URL 编码（如 %E9%94%82），请求行和请求头不能过长"
_BODY = json.dumps(error_body("bad_request", MESSAGE), ensure_ascii=False).encode()


class JsonErrorsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [b"content-type: application/json\r\n", b"content-length: ", str(len(_BODY)).encode(), b"\r\n",
                 b"connection: close\r\n", b"\r\n", _BODY]
        self.transport.write(b"".join(head))
        self.transport.close()
