// search_bodies: every body with its names (bodies are few; their lists of names and acronyms
// are not in the backends' full-text indexes). Returns `key`, `name`, `names`, `acronyms`.
MATCH (b:Body)
RETURN b.key AS key, b.name AS name, coalesce(b.names, []) AS names, coalesce(b.acronyms, []) AS acronyms
ORDER BY key
