DROP TABLE pengaturan_capaian;
