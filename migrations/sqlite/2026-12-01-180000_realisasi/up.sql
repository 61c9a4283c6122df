-- The realisation of a Rencana Aksi, entered period by period once its targets are approved,
-- without reopening their review. Append-only: the latest entry of a row and period counts, the
-- earlier ones stay as its history. `nilai` is the value as JSON (a number, or a grade as a
-- string); NULL withdraws an entry (the period is "not reported" again, never 0).
CREATE TABLE realisasi (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    node TEXT NOT NULL,
    periode BIGINT NOT NULL,
    nilai TEXT,
    catatan TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX realisasi_document ON realisasi (document_id, id);
