import sys

from bench.benchmarks import main

sys.exit(main())
