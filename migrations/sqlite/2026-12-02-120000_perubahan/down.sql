DROP TABLE perubahan;
