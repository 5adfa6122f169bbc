"""DashDesk: plan, compose, review and schedule social posts through the Dash Social API."""

__version__ = "0.1.0"
