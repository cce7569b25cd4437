"""`python -m heartline` runs the command line."""

from heartline.entry import main

raise SystemExit(main())
