"""DashDesk services layer."""
