from lambdaprep.cli import main

raise SystemExit(main())
