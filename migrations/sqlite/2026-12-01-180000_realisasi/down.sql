DROP TABLE realisasi;
