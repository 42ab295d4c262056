// series_previous: the ingested documents the instrument $key RENEWS (the earlier resolutions of
// its series), latest session first. Returns `key`, `symbol`, `title`, `date`, `session`, `rule`,
// `confidence`.
MATCH (d:Instrument {key: $key})-[r:RENEWS]->(p:Document)
RETURN p.key AS key, p.symbol AS symbol, p.title AS title, p.date AS date, p.session AS session,
       r.rule AS rule, r.confidence AS confidence
ORDER BY coalesce(p.date, '') DESC, p.key DESC, r.rule
