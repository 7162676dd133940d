-- Histories users submit (native JSON, Jepsen, Porcupine-style), kept as the native JSON document
-- the app parsed them into, with the verdict of the checker once it has run.
--
-- The document lives in its own table, keyed by the history id, not in `histories`: SQLite rewrites
-- a whole row on UPDATE, so a document of tens of MB beside the verdict would be read and written
-- again when the verdict is set, and listing would walk rows holding it. Here `histories` rows stay
-- small (listing, verdict updates, pending scans), and the document is written once, read with
-- incremental blob I/O, and deleted with its history.

-- AUTOINCREMENT: an id is never reused, even after the newest history is deleted, so a link or a
-- cursor never points at another history. ids increase with submission, so newest first is
-- `ORDER BY id DESC` on the rowid b-tree itself: the id is the listing index and the cursor.
CREATE TABLE histories (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT,
    format          TEXT NOT NULL,             -- the input format it was submitted in
    model           TEXT NOT NULL,             -- 'register' | 'cas-register'
    operation_count INTEGER NOT NULL CHECK (operation_count >= 0),
    register_count  INTEGER NOT NULL CHECK (register_count >= 0),
    created_at      INTEGER NOT NULL,          -- unix milliseconds
    verdict_state   TEXT NOT NULL CHECK (verdict_state IN ('pending', 'done')),
    -- The verdict's overall level, so lists need not parse the verdict.
    consistency     TEXT CHECK (consistency IN ('atomic', 'regular', 'safe', 'none', 'unknown')),
    checked_at      INTEGER,                   -- unix milliseconds
    verdict         TEXT,                      -- the verdict, JSON text, byte for byte as given
    -- Pending has no verdict yet; done has all three.
    CHECK ((verdict_state = 'done') = (verdict IS NOT NULL)),
    CHECK ((verdict IS NULL) = (consistency IS NULL)),
    CHECK ((verdict IS NULL) = (checked_at IS NULL))
);

-- The native JSON document of each history, byte for byte as given (TEXT, so the sqlite3 shell and
-- json functions read it; SQLite stores the bytes it is bound with unchanged).
CREATE TABLE history_documents (
    history_id INTEGER PRIMARY KEY REFERENCES histories (id) ON DELETE CASCADE,
    document   TEXT NOT NULL
);

-- Re-checking after a restart looks for pending histories; few are, so a partial index keeps it cheap.
CREATE INDEX histories_pending ON histories (id) WHERE verdict_state = 'pending';
