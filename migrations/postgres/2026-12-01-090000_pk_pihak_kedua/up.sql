-- A PK is an agreement between two officials: the pihak kedua (the superior who supervises it) is
-- chosen at creation and checked against the echelon chain. None for the Bupati's one-party PK and
-- for every other type.
ALTER TABLE documents ADD COLUMN pihak_kedua_id BIGINT REFERENCES officials (id);
