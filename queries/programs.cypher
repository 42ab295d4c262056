// programs: every program (one node per version), earliest first. Returns `node`.
MATCH (p:Program)
RETURN p AS node
ORDER BY p.date, p.key
