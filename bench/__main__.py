import sys

if sys.argv[1:] == ["rooms"]:
    from bench.rooms import main
else:
    from bench.benchmarks import main

sys.exit(main())
