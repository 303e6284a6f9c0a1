from contracts._cli import main

raise SystemExit(main())
