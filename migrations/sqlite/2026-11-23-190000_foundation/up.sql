-- Foundation: the Pemda, its agencies and officials, accounts, sessions, periods, audit trail.
-- Times are UTC seconds since 1970 (BIGINT) so that both backends store them alike.

CREATE TABLE pemda (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    nama TEXT NOT NULL,
    jabatan_kepala_daerah TEXT NOT NULL,
    kota_ttd TEXT NOT NULL,
    alamat TEXT NOT NULL DEFAULT '',
    telepon TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    laman TEXT NOT NULL DEFAULT '',
    logo_sha256 TEXT REFERENCES stored_files (sha256),
    updated_at BIGINT NOT NULL
);

CREATE TABLE stored_files (
    sha256 TEXT PRIMARY KEY NOT NULL,
    size_bytes BIGINT NOT NULL,
    mime TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE perangkat_daerah (
    id INTEGER PRIMARY KEY,
    kode TEXT NOT NULL UNIQUE,
    nama TEXT NOT NULL,
    singkatan TEXT NOT NULL,
    kepala_id BIGINT REFERENCES officials (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE officials (
    id INTEGER PRIMARY KEY,
    gelar_depan TEXT NOT NULL DEFAULT '',
    nama TEXT NOT NULL,
    gelar_belakang TEXT NOT NULL DEFAULT '',
    nip TEXT UNIQUE,
    golongan TEXT NOT NULL DEFAULT '',
    jabatan TEXT NOT NULL,
    eselon BIGINT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    status BIGINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX officials_pd ON officials (pd_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    nama TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    role BIGINT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE security_events (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    user_id BIGINT,
    client_ip TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_events_username ON security_events (username, kind, at);
CREATE INDEX security_events_ip ON security_events (client_ip, kind, at);

CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    nama TEXT NOT NULL,
    tahun_awal BIGINT NOT NULL,
    tahun_akhir BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE fiscal_years (
    id INTEGER PRIMARY KEY,
    period_id BIGINT NOT NULL REFERENCES periods (id),
    tahun BIGINT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    entity TEXT NOT NULL,
    entity_id BIGINT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    -- A hash chain: each entry carries the hash of the one before, so a rewritten entry breaks
    -- every link after it (`akuntabel audit verify`).
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The audit trail is append-only: history is never rewritten.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
