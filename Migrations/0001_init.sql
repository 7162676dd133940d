-- Arrays of registers, their last acknowledged values, and their live operation histories.
-- Values are stored as a type tag and a text, so they round-trip exactly: the number keeps its
-- literal ("1.0" stays 1.0, big integers keep every digit), 1 and "1" and true stay apart.
--   type 'null' (text ''), 'bool' (text 'true'|'false'), 'number' (the JSON literal), 'string'.
-- Labels (processes) likewise: type 'int' or 'string'.

CREATE TABLE arrays (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    size       INTEGER NOT NULL CHECK (size >= 0),
    semantics  TEXT NOT NULL,
    replicas   INTEGER NOT NULL CHECK (replicas >= 1),
    created_at INTEGER NOT NULL -- unix milliseconds
);

-- The last acknowledged value of each register (single-replica arrays). No row means null.
CREATE TABLE register_values (
    array_id   INTEGER NOT NULL REFERENCES arrays (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    value_type TEXT NOT NULL CHECK (value_type IN ('null', 'bool', 'number', 'string')),
    value_text TEXT NOT NULL,
    PRIMARY KEY (array_id, idx)
) WITHOUT ROWID;

-- One row per operation of an array's live history. `id` is the per-array sequence number the app
-- assigns; the primary key (array_id, id) serves paging and the cascade. 'pending' marks an
-- operation in flight; at start-up, pending writes become 'info' and pending reads are dropped.
CREATE TABLE operations (
    array_id       INTEGER NOT NULL REFERENCES arrays (id) ON DELETE CASCADE,
    id             INTEGER NOT NULL,
    process_type   TEXT NOT NULL CHECK (process_type IN ('int', 'string')),
    process_text   TEXT NOT NULL,
    register_index INTEGER NOT NULL CHECK (register_index >= 0),
    kind           TEXT NOT NULL CHECK (kind IN ('read', 'write', 'cas')),
    value_type     TEXT NOT NULL CHECK (value_type IN ('null', 'bool', 'number', 'string')),
    value_text     TEXT NOT NULL,
    expected_type  TEXT CHECK (expected_type IN ('null', 'bool', 'number', 'string')),
    expected_text  TEXT,
    invoke         INTEGER NOT NULL,
    complete       INTEGER,
    status         TEXT NOT NULL CHECK (status IN ('ok', 'fail', 'info', 'pending')),
    PRIMARY KEY (array_id, id),
    CHECK ((expected_type IS NULL) = (expected_text IS NULL)),
    -- A completed operation has a completion time; an info or pending one has none.
    CHECK ((complete IS NULL) = (status IN ('info', 'pending'))),
    CHECK (complete IS NULL OR complete >= invoke)
) WITHOUT ROWID;

-- Start-up recovery looks for operations left in flight; few are, so a partial index keeps it cheap.
CREATE INDEX operations_pending ON operations (array_id, id) WHERE status = 'pending';
