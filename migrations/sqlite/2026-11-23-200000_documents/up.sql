-- Documents and their review: working copies, frozen versions, attached files, workflow events,
-- dispositions, review rounds, anchored comment threads, suggested edits, deadlines, the inbox.

ALTER TABLE fiscal_years ADD COLUMN tanggal_dpa TEXT;

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_type BIGINT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    tahun BIGINT,
    period_id BIGINT REFERENCES periods (id),
    official_id BIGINT REFERENCES officials (id),
    judul TEXT NOT NULL,
    state BIGINT NOT NULL,
    content TEXT NOT NULL,
    revision BIGINT NOT NULL,
    line BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    dispositioned_at BIGINT
);
CREATE INDEX documents_pd ON documents (pd_id, tahun);

CREATE TABLE document_files (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    sha256 TEXT NOT NULL REFERENCES stored_files (sha256),
    file_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    mime TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    uploaded_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE INDEX document_files_document ON document_files (document_id);

CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    number BIGINT NOT NULL,
    line BIGINT NOT NULL,
    content TEXT NOT NULL,
    files TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE workflow_events (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    at BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    action BIGINT NOT NULL,
    from_state BIGINT NOT NULL,
    to_state BIGINT NOT NULL,
    note TEXT NOT NULL,
    version_id BIGINT REFERENCES document_versions (id),
    assignee_id BIGINT REFERENCES users (id)
);
CREATE INDEX workflow_events_document ON workflow_events (document_id);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    assigned_by BIGINT NOT NULL REFERENCES users (id),
    assigned_at BIGINT NOT NULL,
    active BOOLEAN NOT NULL
);
CREATE INDEX assignments_reviewer ON assignments (reviewer_id, active);

CREATE TABLE review_rounds (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    number BIGINT NOT NULL,
    version_id BIGINT NOT NULL REFERENCES document_versions (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    opened_at BIGINT NOT NULL,
    closed_at BIGINT,
    outcome BIGINT,
    UNIQUE (document_id, number)
);

CREATE TABLE comment_threads (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    round_id BIGINT NOT NULL REFERENCES review_rounds (id),
    version_id BIGINT NOT NULL REFERENCES document_versions (id),
    anchor TEXT NOT NULL,
    state BIGINT NOT NULL,
    fixed_in_version_id BIGINT REFERENCES document_versions (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    resolved_by BIGINT REFERENCES users (id),
    resolved_at BIGINT
);
CREATE INDEX comment_threads_document ON comment_threads (document_id, state);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES comment_threads (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_thread ON comments (thread_id);

CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES comment_threads (id),
    anchor TEXT NOT NULL,
    proposed TEXT NOT NULL,
    state BIGINT NOT NULL,
    reason TEXT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at BIGINT
);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    tahun BIGINT NOT NULL,
    doc_type BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    set_by BIGINT NOT NULL REFERENCES users (id),
    set_at BIGINT NOT NULL,
    UNIQUE (tahun, doc_type)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    document_id BIGINT REFERENCES documents (id),
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);
