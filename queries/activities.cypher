// activities: every activity, optionally of one program ($program key or null) and assigned to
// one body ($actor key or null), with the bodies it is assigned to. Returns `activity`,
// `program`, `actors` (list of {key, name}).
MATCH (a:Activity)
WHERE $program IS NULL OR a.program = $program
OPTIONAL MATCH (a)-[:ASSIGNS]->(b:Body)
WITH a, collect(DISTINCT {key: b.key, name: b.name}) AS actors
WHERE $actor IS NULL OR any(x IN actors WHERE x.key = $actor)
RETURN a AS activity, a.program AS program, [x IN actors WHERE x.key IS NOT NULL] AS actors
ORDER BY a.program, a.position
