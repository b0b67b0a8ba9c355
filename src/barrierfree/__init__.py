"""barrierfree: a self-hostable barrier-free browsing assistant (无障碍辅助浏览)."""

__version__ = "0.1.0"

from .errors import BarrierFreeError  # noqa: E402
from .settings import SETTINGS, Settings  # noqa: E402

__all__ = ["BarrierFreeError", "SETTINGS", "Settings", "__version__"]
