from clustercheck._cli import main

raise SystemExit(main())
