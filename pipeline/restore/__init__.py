"""Restore stage: Vietnamese diacritic restoration and OCR-error mending (see stage.py)."""

from pipeline.restore.stage import restore, restore_lines

__all__ = ["restore", "restore_lines"]
