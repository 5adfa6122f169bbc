"""Planning windows: the posting schedule."""
