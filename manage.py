#!/usr/bin/env python
"""Django's command-line utility; `putokaz` (putokaz/cli.py) wraps the same commands."""

import sys

from putokaz.cli import main

if __name__ == "__main__":
    sys.exit(main())
