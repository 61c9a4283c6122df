DROP INDEX notifications_unmailed;
ALTER TABLE notifications DROP COLUMN email_error;
ALTER TABLE notifications DROP COLUMN email_next_at;
ALTER TABLE notifications DROP COLUMN email_attempts;
ALTER TABLE notifications DROP COLUMN emailed_at;
ALTER TABLE users DROP COLUMN email;
