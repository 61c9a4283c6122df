-- Set by an administrator's reset (or a new account's first password): the user must choose their own
-- password before anything else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
