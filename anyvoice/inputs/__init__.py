"""Modality encoders: what each way in (speech now; text, face, attributes later) contributes to a Voice."""
