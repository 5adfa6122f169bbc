"""DashDesk api layer."""
