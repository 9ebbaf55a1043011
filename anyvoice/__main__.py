"""`python -m anyvoice ...` is the `anyvoice` command."""
import sys

from anyvoice.interfaces.cli import main

sys.exit(main())
