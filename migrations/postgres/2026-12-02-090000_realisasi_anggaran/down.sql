ALTER TABLE realisasi DROP COLUMN anggaran;
