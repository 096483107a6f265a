"""Jupyter server extension: TCP_NODELAY on kernel websockets, so a widget update leaves at once.

Without it, Nagle's algorithm holds the kernel→browser message of a small update until the
browser's delayed ACK (~40 ms) arrives: most of a widget's round trip. JupyterLab and Jupyter
Server load this module through ``etc/jupyter/jupyter_server_config.d/govinfo_widgets.json``;
standalone Voila through ``etc/jupyter/voila.json`` (both installed with the wheel).
Set ``GOVINFO_NODELAY=0`` to switch it off (for measuring).
"""

from __future__ import annotations

import logging
import os

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

log = logging.getLogger(__name__)


def enabled() -> bool:
    return os.environ.get("GOVINFO_NODELAY", "1").strip().lower() not in ("0", "false", "no", "off")


class NoDelayMixin:
    """Sets TCP_NODELAY on the websocket's socket when the kernel connection opens."""

    def connect(self):
        if enabled():
            try:
                self.websocket_handler.set_nodelay(True)
                self.log.info("govinfo_widgets: TCP_NODELAY set on kernel websocket")
            except Exception:  # a closed or non-TCP stream: nothing to tune
                log.debug("TCP_NODELAY could not be set", exc_info=True)
        return super().connect()


class NoDelayKernelWebsocketConnection(NoDelayMixin, ZMQChannelsWebsocketConnection):
    """The default kernel websocket connection, with TCP_NODELAY (for Voila's ``kernel_websocket_connection_class``)."""


def _jupyter_server_extension_points():
    return [{"module": "govinfo_widgets._nodelay"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    cls = settings.get("kernel_websocket_connection_class") or ZMQChannelsWebsocketConnection
    if not issubclass(cls, NoDelayMixin):
        settings["kernel_websocket_connection_class"] = type(f"NoDelay{cls.__name__}", (NoDelayMixin, cls), {})
    serverapp.log.info(
        "govinfo_widgets: TCP_NODELAY on kernel websockets %s", "on" if enabled() else "off (GOVINFO_NODELAY=0)"
    )
