"""Shared pieces at the bottom of the flow: errors, exact figures and their units, comparisons,
notes, the words users see, and writing files whole. Internal: the public API is
:mod:`clustercheck`."""
