/// The statements the writer runs for every group commit and every journal entry. Each use binds
/// every parameter its statement has, so their bindings are never cleared between uses.
///
/// `Database.withStatement(_: String)` keys its cache by the SQL text, and hashing a 300-byte
/// INSERT on each use cost more than binding its thirteen parameters; these are found by index.
enum HotStatement: Int, CaseIterable {
    case begin, commit, savepoint, release, rollbackToSavepoint
    case lookupArray, insertOperation, upsertRegister

    var sql: String {
        switch self {
        case .begin: return "BEGIN IMMEDIATE"
        case .commit: return "COMMIT"
        case .savepoint: return "SAVEPOINT job"
        case .release: return "RELEASE job"
        case .rollbackToSavepoint: return "ROLLBACK TO job"
        case .lookupArray: return "SELECT id, size FROM arrays WHERE name = ?1"
        case .insertOperation:
            return """
                INSERT INTO operations (array_id, id, process_type, process_text, register_index, kind,
                    value_type, value_text, expected_type, expected_text, invoke, complete, status, key)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """
        case .upsertRegister:
            return """
                INSERT INTO register_values (array_id, idx, value_type, value_text) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (array_id, idx) DO UPDATE SET value_type = excluded.value_type, value_text = excluded.value_text
                """
        }
    }
}
