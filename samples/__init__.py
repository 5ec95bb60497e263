"""Sample documents for the demo and the tests, and the code that makes them (see make_samples.py)."""
