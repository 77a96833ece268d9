"""Small worlds for tests: factories that make just the units, people and users a test
needs (`factories`), and `World`, a province with two districts and their communes
whose accounts carry the demo's usernames so the same personas work everywhere."""
