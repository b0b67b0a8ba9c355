"""Chinese text cut into words (jieba), for the speech front end: where the model's words
begin and end, where a first clause may be cut, and the tones of 一 and 不."""

from __future__ import annotations

import logging
import threading

__all__ = ["words"]

_JIEBA_LOCK = threading.Lock()


def words(text: str) -> list[str]:
    """``text`` cut into words by jieba (every character kept, in order)."""
    import jieba

    with _JIEBA_LOCK:  # jieba builds its dictionary on first use, once
        if not getattr(jieba.dt, "initialized", False):
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
    return list(jieba.cut(text, HMM=True))
