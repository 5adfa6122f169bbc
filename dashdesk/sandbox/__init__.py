"""DashDesk sandbox layer."""
