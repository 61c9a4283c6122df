-- How the Pemda computes capaian (its formula for negative indicators, its cap, its status bands)
-- and how its action plans divide the year by default: one row (id 1), the settings as JSON.
-- No row: the defaults of SAKIP reference §5.
CREATE TABLE pengaturan_capaian (
    id BIGINT PRIMARY KEY,
    isi TEXT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
