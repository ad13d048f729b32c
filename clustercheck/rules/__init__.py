"""Rule packs and checking against them: loading and validating packs, the measures, the
engine, outcomes and reports. Imports only the model and the base. Internal: the public API
is :mod:`clustercheck`."""
