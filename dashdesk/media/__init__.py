"""DashDesk media layer."""
