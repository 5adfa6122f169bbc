"""DashDesk store layer: the SQLite posts cache (no Qt)."""

from .posts_cache import PostsCache

__all__ = ["PostsCache"]
