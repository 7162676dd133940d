// The Replication module.
