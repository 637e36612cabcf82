"""In-process Socket.IO tests (a package: test names may repeat across tests/ folders)."""
