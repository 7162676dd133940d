-- Where an array's replicas run: 'local' (in the server's process, the only placement before this
-- migration) or 'nodes' (one replica per `registrar replica` process, reached over HTTP).
ALTER TABLE arrays ADD COLUMN placement TEXT NOT NULL DEFAULT 'local'
    CHECK (placement = 'local' OR placement = 'nodes');
