ALTER TABLE documents DROP COLUMN pihak_kedua_id;
