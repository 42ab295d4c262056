// node: the node with key $key, whatever its label (one branch per merge label, so each uses
// its key index). Returns one row `node`, or none.
MATCH (n:Instrument {key: $key}) RETURN n AS node
UNION MATCH (n:Paragraph {key: $key}) RETURN n AS node
UNION MATCH (n:Summit {key: $key}) RETURN n AS node
UNION MATCH (n:Body {key: $key}) RETURN n AS node
