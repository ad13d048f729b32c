"""The biennial re-verification: the registry of accredited clusters, who is due, decisions,
what changed and who to watch. Internal: the public API is :mod:`clustercheck`."""
