"""Builds the compiled roster tally. Where no C compiler is at hand the build skips it, and
clustercheck reads every roster row by row instead: the same results, more slowly.

With ``CLUSTERCHECK_PURE=1`` the extension is left out entirely, so the wheel is tagged
``py3-none-any`` and installs anywhere Python runs, the review page's browser included."""

import os

from setuptools import Extension, setup

PURE = os.environ.get("CLUSTERCHECK_PURE") == "1"

setup(
    ext_modules=[]
    if PURE
    else [Extension("clustercheck.read._ctally", ["clustercheck/read/_ctally.c"], optional=True)]
)
