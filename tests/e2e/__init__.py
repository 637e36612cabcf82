"""End-to-end tests against a real server process (a package: test names may repeat across tests/ folders)."""
