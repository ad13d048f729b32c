from clustercheck.cli import main

raise SystemExit(main())
