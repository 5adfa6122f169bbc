"""Calendar views (month, week, list) and their pure layout functions."""
