"""DashDesk ui layer."""
