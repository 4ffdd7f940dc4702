-- Assisted verification (协助认证): a grassroots legal worker runs a party's identity
-- verification on the office machine. The session acts for the party, only on the identity
-- routes, and names the worker. Twin of ../sqlite/0007_assisted_sessions.sql.

ALTER TABLE sessions ADD COLUMN assisted_by BIGINT REFERENCES accounts(id);
