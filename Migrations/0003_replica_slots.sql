-- The state of every replica of a replicated array: per register part, the highest (tag, value)
-- it has stored. A replica recovers from a crash with it, and a restarted server from all of them.
CREATE TABLE replica_slots (
    array_id INTEGER NOT NULL REFERENCES arrays (id) ON DELETE CASCADE,
    replica INTEGER NOT NULL CHECK (replica >= 0),
    register_index INTEGER NOT NULL CHECK (register_index >= 0),
    part INTEGER NOT NULL CHECK (part >= 0),
    -- The tag: a counter and the writer's id (an unsigned 64-bit id stored as its bit pattern).
    tag_counter INTEGER NOT NULL,
    tag_writer INTEGER NOT NULL,
    value_type TEXT NOT NULL,
    value_text TEXT NOT NULL,
    PRIMARY KEY (array_id, replica, register_index, part)
) WITHOUT ROWID;
