"""The socket ``mandates serve`` binds itself: accepted connections must have Nagle off."""

from __future__ import annotations

import asyncio
import socket

import pytest

from mandate_lineage.errors import ConfigError
from mandate_lineage.serve import bind_socket


def test_accepted_connections_have_tcp_nodelay() -> None:
    # asyncio sets TCP_NODELAY only when the socket's proto says TCP; without it every answer
    # waited for the client's delayed ACK (about 45 ms a request here).
    async def accepted_nodelay() -> int:
        sock = bind_socket("127.0.0.1", 0)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connect, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", sock.getsockname()[1])
            try:
                return await asyncio.wait_for(seen, 10)
            finally:
                writer.close()

    assert asyncio.run(accepted_nodelay()) != 0


def test_a_port_in_use_is_a_config_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ConfigError, match="already in use"):
            bind_socket("127.0.0.1", taken.getsockname()[1])
