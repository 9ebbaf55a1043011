"""`python -m anyvoice ...` is the `anyvoice` command."""
import sys

from anyvoice.interfaces.cli import main

if __name__ == "__main__":  # a helper process (anyvoice/isolation.py) imports this module without running it
    sys.exit(main())
