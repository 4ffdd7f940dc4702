-- The SHA-256 of the action each idempotency key was first used for: a replay under the same
-- key with another body is refused instead of answered with the first action's result.
-- Rows from before this column have none and are answered as before.
ALTER TABLE applied_mutations ADD COLUMN body_sha256 TEXT;
