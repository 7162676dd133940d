-- The same operations and register_values tables, with each CHECK (column IN (list of three or
-- more constants)) written as the equivalent comparisons joined by OR.
--
-- Why: SQLite (3.40 here) evaluates an IN list of three or more constants in a CHECK by building a
-- temporary b-tree for every row inserted. That was five b-trees per operation recorded, about a
-- quarter of the CPU time of a register GET. `x = 'a' OR x = 'b' OR …` accepts exactly the same
-- rows (a NULL passes both ways, both compare with the column's BINARY collation) without them.
-- Data, keys, index and cascades are unchanged; the rows are copied once.

CREATE TABLE register_values_new (
    array_id   INTEGER NOT NULL REFERENCES arrays (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    value_type TEXT NOT NULL
        CHECK (value_type = 'null' OR value_type = 'bool' OR value_type = 'number' OR value_type = 'string'),
    value_text TEXT NOT NULL,
    PRIMARY KEY (array_id, idx)
) WITHOUT ROWID;
INSERT INTO register_values_new (array_id, idx, value_type, value_text)
    SELECT array_id, idx, value_type, value_text FROM register_values;
DROP TABLE register_values;
ALTER TABLE register_values_new RENAME TO register_values;

CREATE TABLE operations_new (
    array_id       INTEGER NOT NULL REFERENCES arrays (id) ON DELETE CASCADE,
    id             INTEGER NOT NULL,
    process_type   TEXT NOT NULL CHECK (process_type IN ('int', 'string')),
    process_text   TEXT NOT NULL,
    register_index INTEGER NOT NULL CHECK (register_index >= 0),
    kind           TEXT NOT NULL CHECK (kind = 'read' OR kind = 'write' OR kind = 'cas'),
    value_type     TEXT NOT NULL
        CHECK (value_type = 'null' OR value_type = 'bool' OR value_type = 'number' OR value_type = 'string'),
    value_text     TEXT NOT NULL,
    expected_type  TEXT
        CHECK (expected_type = 'null' OR expected_type = 'bool' OR expected_type = 'number' OR expected_type = 'string'),
    expected_text  TEXT,
    invoke         INTEGER NOT NULL,
    complete       INTEGER,
    status         TEXT NOT NULL CHECK (status = 'ok' OR status = 'fail' OR status = 'info' OR status = 'pending'),
    PRIMARY KEY (array_id, id),
    CHECK ((expected_type IS NULL) = (expected_text IS NULL)),
    -- A completed operation has a completion time; an info or pending one has none.
    CHECK ((complete IS NULL) = (status IN ('info', 'pending'))),
    CHECK (complete IS NULL OR complete >= invoke)
) WITHOUT ROWID;
INSERT INTO operations_new
    (array_id, id, process_type, process_text, register_index, kind, value_type, value_text,
     expected_type, expected_text, invoke, complete, status)
    SELECT array_id, id, process_type, process_text, register_index, kind, value_type, value_text,
           expected_type, expected_text, invoke, complete, status
    FROM operations;
DROP TABLE operations;
ALTER TABLE operations_new RENAME TO operations;
CREATE INDEX operations_pending ON operations (array_id, id) WHERE status = 'pending';
