"""Data of the restore stage (see pipeline/restore/README.md); a package so installs ship it."""
