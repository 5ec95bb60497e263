"""vanthu: scanned Vietnamese administrative plans to structured records."""

__version__ = "0.1.0"
