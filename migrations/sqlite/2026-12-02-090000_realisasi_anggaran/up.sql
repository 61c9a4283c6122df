-- The budget spent in a Rencana Aksi period, reported with its realisation (whole rupiah; NULL:
-- not reported). Each entry is the whole state of its row and period.
ALTER TABLE realisasi ADD COLUMN anggaran BIGINT;
