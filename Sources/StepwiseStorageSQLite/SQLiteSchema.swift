// SPDX-License-Identifier: Apache-2.0
import GRDB

/// The SQLite schema as named, append-only migrations. Mirrored by `PostgresSchema`;
/// the conformance suite checks that both mean the same thing. Never edit a shipped migration:
/// add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE organizations (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE users (
                        id TEXT PRIMARY KEY NOT NULL,
                        organization_id TEXT NOT NULL REFERENCES organizations(id),
                        email TEXT NOT NULL UNIQUE,
                        display_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX users_organization ON users(organization_id);
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY NOT NULL,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        expires_at REAL NOT NULL,
                        csrf_token TEXT NOT NULL
                    );
                    CREATE INDEX sessions_user ON sessions(user_id);
                    CREATE TABLE api_tokens (
                        token_hash TEXT PRIMARY KEY NOT NULL,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX api_tokens_user ON api_tokens(user_id);
                    CREATE TABLE login_throttle (
                        key TEXT PRIMARY KEY NOT NULL,
                        failures INTEGER NOT NULL,
                        window_start REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v1-patients") { db in
            try db.execute(
                sql: """
                    CREATE TABLE patients (
                        organization_id TEXT NOT NULL,
                        id TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        record BLOB NOT NULL,
                        updated_at REAL NOT NULL,
                        updated_by TEXT NOT NULL,
                        PRIMARY KEY (organization_id, id)
                    ) WITHOUT ROWID;
                    CREATE TABLE patient_versions (
                        organization_id TEXT NOT NULL,
                        id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        record BLOB NOT NULL,
                        updated_at REAL NOT NULL,
                        updated_by TEXT NOT NULL,
                        PRIMARY KEY (organization_id, id, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE registry_cache (
                        organization_id TEXT NOT NULL,
                        patient_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        summary BLOB NOT NULL,
                        PRIMARY KEY (organization_id, patient_id),
                        FOREIGN KEY (organization_id, patient_id)
                            REFERENCES patients(organization_id, id) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-care-team-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE care_flags (
                        id TEXT PRIMARY KEY NOT NULL,
                        organization_id TEXT NOT NULL,
                        patient_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        assigned_to TEXT,
                        status TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        FOREIGN KEY (organization_id, patient_id)
                            REFERENCES patients(organization_id, id) ON DELETE CASCADE
                    );
                    CREATE INDEX care_flags_patient ON care_flags(organization_id, patient_id);
                    CREATE TABLE care_notes (
                        id TEXT PRIMARY KEY NOT NULL,
                        organization_id TEXT NOT NULL,
                        patient_id TEXT NOT NULL,
                        author_id TEXT NOT NULL,
                        text TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        FOREIGN KEY (organization_id, patient_id)
                            REFERENCES patients(organization_id, id) ON DELETE CASCADE
                    );
                    CREATE INDEX care_notes_patient ON care_notes(organization_id, patient_id);
                    CREATE TABLE audit_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        organization_id TEXT,
                        user_id TEXT,
                        action TEXT NOT NULL,
                        resource_type TEXT NOT NULL,
                        resource_id TEXT,
                        remote_address TEXT
                    );
                    CREATE INDEX audit_events_organization ON audit_events(organization_id, id);
                    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TABLE cds_feedback (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        service_id TEXT NOT NULL,
                        card_uuid TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        override_reason TEXT,
                        at REAL NOT NULL
                    );
                    CREATE INDEX cds_feedback_service ON cds_feedback(service_id, id);
                    """)
        }
        migrator.registerMigration("v2-user-disabled") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN disabled_at REAL")
        }
        return migrator
    }
}
