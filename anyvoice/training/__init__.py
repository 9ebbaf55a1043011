"""Training recipes: the voice bank and the multimodal voice aggregator (each one command, resumable)."""
