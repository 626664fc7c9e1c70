// SPDX-License-Identifier: Apache-2.0
import PostgresNIO

/// The PostgreSQL schema as numbered, append-only migrations (one statement each), mirroring
/// `SQLiteSchema`. Applied under an advisory lock so several instances can start together.
enum PostgresSchema {
    struct Migration {
        var id: String
        var statements: [PostgresQuery]
    }

    static let migrations: [Migration] = [
        Migration(
            id: "001-accounts",
            statements: [
                """
                CREATE TABLE organizations (
                    id text PRIMARY KEY,
                    name text NOT NULL
                )
                """,
                """
                CREATE TABLE users (
                    id text PRIMARY KEY,
                    organization_id text NOT NULL REFERENCES organizations(id),
                    email text NOT NULL UNIQUE,
                    display_name text NOT NULL,
                    role text NOT NULL,
                    password_hash text NOT NULL,
                    created_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX users_organization ON users(organization_id)",
                """
                CREATE TABLE sessions (
                    token_hash text PRIMARY KEY,
                    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    expires_at timestamptz NOT NULL,
                    csrf_token text NOT NULL
                )
                """,
                "CREATE INDEX sessions_user ON sessions(user_id)",
                """
                CREATE TABLE api_tokens (
                    token_hash text PRIMARY KEY,
                    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name text NOT NULL,
                    created_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX api_tokens_user ON api_tokens(user_id)",
                """
                CREATE TABLE login_throttle (
                    key text PRIMARY KEY,
                    failures integer NOT NULL,
                    window_start timestamptz NOT NULL
                )
                """,
            ]),
        Migration(
            id: "002-patients",
            statements: [
                """
                CREATE TABLE patients (
                    organization_id text NOT NULL,
                    id text COLLATE "C" NOT NULL,
                    version integer NOT NULL CHECK (version >= 1),
                    record jsonb NOT NULL,
                    updated_at timestamptz NOT NULL,
                    updated_by text NOT NULL,
                    PRIMARY KEY (organization_id, id)
                )
                """,
                """
                CREATE TABLE patient_versions (
                    organization_id text NOT NULL,
                    id text COLLATE "C" NOT NULL,
                    version integer NOT NULL,
                    record jsonb NOT NULL,
                    updated_at timestamptz NOT NULL,
                    updated_by text NOT NULL,
                    PRIMARY KEY (organization_id, id, version)
                )
                """,
                """
                CREATE TABLE registry_cache (
                    organization_id text NOT NULL,
                    patient_id text COLLATE "C" NOT NULL,
                    version integer NOT NULL,
                    summary jsonb NOT NULL,
                    PRIMARY KEY (organization_id, patient_id),
                    FOREIGN KEY (organization_id, patient_id)
                        REFERENCES patients(organization_id, id) ON DELETE CASCADE
                )
                """,
            ]),
        Migration(
            id: "003-care-team-audit",
            statements: [
                """
                CREATE TABLE care_flags (
                    seq bigserial UNIQUE,
                    id text PRIMARY KEY,
                    organization_id text NOT NULL,
                    patient_id text COLLATE "C" NOT NULL,
                    kind text NOT NULL,
                    assigned_to text,
                    status text NOT NULL,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    FOREIGN KEY (organization_id, patient_id)
                        REFERENCES patients(organization_id, id) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX care_flags_patient ON care_flags(organization_id, patient_id)",
                """
                CREATE TABLE care_notes (
                    seq bigserial UNIQUE,
                    id text PRIMARY KEY,
                    organization_id text NOT NULL,
                    patient_id text COLLATE "C" NOT NULL,
                    author_id text NOT NULL,
                    text text NOT NULL,
                    created_at timestamptz NOT NULL,
                    FOREIGN KEY (organization_id, patient_id)
                        REFERENCES patients(organization_id, id) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX care_notes_patient ON care_notes(organization_id, patient_id)",
                """
                CREATE TABLE audit_events (
                    id bigserial PRIMARY KEY,
                    at timestamptz NOT NULL,
                    organization_id text,
                    user_id text,
                    action text NOT NULL,
                    resource_type text NOT NULL,
                    resource_id text,
                    remote_address text
                )
                """,
                "CREATE INDEX audit_events_organization ON audit_events(organization_id, id)",
                """
                CREATE FUNCTION stepwise_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION stepwise_audit_append_only()
                """,
                """
                CREATE TABLE cds_feedback (
                    id bigserial PRIMARY KEY,
                    service_id text NOT NULL,
                    card_uuid text NOT NULL,
                    outcome text NOT NULL,
                    override_reason text,
                    at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX cds_feedback_service ON cds_feedback(service_id, id)",
            ]),
        Migration(
            id: "004-user-disabled",
            statements: ["ALTER TABLE users ADD COLUMN disabled_at timestamptz"]),
    ]
}
