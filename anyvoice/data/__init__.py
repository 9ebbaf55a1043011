"""Small artefacts that ship with anyvoice: the voice bank and the trained aggregator weights."""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
