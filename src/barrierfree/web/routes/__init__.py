"""One module per feature, each with its ``router``; a feature adds its line to ``ROUTERS``.

No route module imports another: what they share lives beside them, the services in
``web/state.py`` (``app_state(request).speech`` …) and the templates and the static files'
version in ``web/assets.py``.
"""

from fastapi import APIRouter

from . import demo, health, pinyin, proxy, qr, reader, speech, toolbar

ROUTERS: list[APIRouter] = [
    health.router,
    toolbar.router,
    demo.router,
    speech.router,
    proxy.router,
    qr.router,
    reader.router,
    pinyin.router,
]
