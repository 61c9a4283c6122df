-- Email notifications: an address per user, and per notification whether and when it was mailed
-- (attempts, the time of the next try after a failure, and the last error).
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE notifications ADD COLUMN emailed_at BIGINT;
ALTER TABLE notifications ADD COLUMN email_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN email_next_at BIGINT;
ALTER TABLE notifications ADD COLUMN email_error TEXT;
CREATE INDEX notifications_unmailed ON notifications (created_at) WHERE emailed_at IS NULL;
