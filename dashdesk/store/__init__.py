"""DashDesk store layer."""
