"""Speech clean-up models: noise suppression, target speaker extraction."""
