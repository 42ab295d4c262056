// instrument_by_symbol: instruments whose key is $key, or starts with $prefix (a symbol given
// without its session, "AG/RES. 2141", matches "oas:ag-res-2141-xxxv-o-05"). Returns `key`,
// `name`, ingested documents first.
MATCH (i:Instrument)
WHERE i.key = $key OR i.key STARTS WITH $prefix
RETURN i.key AS key, i.name AS name
ORDER BY coalesce(i.stub, false), key
