"""DashDesk credentials layer."""
