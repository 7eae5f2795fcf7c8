"""ASGI entry point: pages over HTTP, the real-time layer over WebSockets (`/ws/…`).

WebSockets are session-authenticated (AuthMiddlewareStack) and their Origin must be one
of ALLOWED_HOSTS (AllowedHostsOriginValidator), which stops other sites' pages from
opening sockets with our users' cookies.
https://channels.readthedocs.io/en/stable/topics/security.html
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from site_config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
