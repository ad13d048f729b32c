"""The input data model: clusters, their declared and yearly figures, firms, and turning a
roster of firms into figures (the tally, the SME size rule, credit codes). Pure data and
functions on it. Internal: the public API is :mod:`clustercheck`."""
