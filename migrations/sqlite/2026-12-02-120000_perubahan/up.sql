-- A revision of an agreed document (a PK Perubahan, a Renstra perubahan): the version line it
-- starts, why (`alasan`: 1 change of official, 2 APBD Perubahan, 3 change of priorities, 4 other),
-- the date it was decided (ISO), the kabag's note, and for a PK whose official changed the
-- official before and after (the earlier line's parties stay readable). One per line.
CREATE TABLE perubahan (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    line BIGINT NOT NULL,
    alasan BIGINT NOT NULL,
    tanggal TEXT NOT NULL,
    keterangan TEXT NOT NULL,
    official_before BIGINT REFERENCES officials (id),
    official_after BIGINT REFERENCES officials (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (document_id, line)
);
