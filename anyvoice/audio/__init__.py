"""Audio in and out, and pure signal functions (arrays in, arrays out, sample rate explicit)."""
