from specdiff._cli import main

raise SystemExit(main())
