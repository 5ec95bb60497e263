"""The restore decoder's C version (pipeline/restore/_decode.c) as an optional extension.

Everything else about the package is in pyproject.toml. Without a C compiler the build goes on
without the extension, and restore uses its Python decoder, which gives the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("pipeline.restore._decode", ["pipeline/restore/_decode.c"], extra_compile_args=["-O2"],
                  optional=True)
    ]
)
