// activity: activities numbered $number, in program $program (a key) or in any program when
// $program is null; latest program first. Returns `activity`, `program` (key), `programDate`.
MATCH (a:Activity)
WHERE a.number = $number AND ($program IS NULL OR a.program = $program)
RETURN a AS activity, a.program AS program, a.date AS programDate
ORDER BY programDate DESC, a.key
