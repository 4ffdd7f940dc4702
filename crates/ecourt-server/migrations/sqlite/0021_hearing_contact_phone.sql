-- The phone a participant calls when they cannot get into an online hearing (the clerk's desk
-- for this hearing), set by the court when it schedules; shown on the hearing screen next to
-- the national litigation service line 12368. Twin of ../postgres/0021_hearing_contact_phone.sql.

ALTER TABLE hearings ADD COLUMN contact_phone TEXT;
