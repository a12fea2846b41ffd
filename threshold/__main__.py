import sys

from threshold.cli import main

sys.exit(main())
