"""Builds the compiled roster tally. Where no C compiler is at hand the build skips it, and
clustercheck reads every roster row by row instead: the same results, more slowly."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("clustercheck.read._ctally", ["clustercheck/read/_ctally.c"], optional=True)
    ]
)
