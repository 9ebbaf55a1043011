"""Tasks: what a user asks for (speak text, convert speech), built from synthesizers, engines and voices."""
