"""Reading files into the model: cluster files, roster files (row by row and the compiled
tally), spreadsheet rows, folders of inputs. Knows nothing of the rules. Internal: the
public API is :mod:`clustercheck`."""
