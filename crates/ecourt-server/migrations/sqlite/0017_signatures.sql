-- Electronic signatures (电子签名, 《人民法院在线诉讼规则》 Art. 33; 民事诉讼法 Art. 150): a
-- verified person signs the SHA-256 of one exact version of a document of the case, or refuses
-- to sign it with a reason; a signature counts only while the document still has that hash.
-- Twin of ../postgres/0017_signatures.sql.

CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    -- The version signed or refused.
    document_sha256 TEXT NOT NULL,
    signer INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    -- signed | refused
    outcome TEXT NOT NULL,
    -- face_recheck (for a signature); NULL for a refusal.
    method TEXT,
    reason TEXT,
    at TEXT NOT NULL,
    event_id INTEGER
);
CREATE INDEX signatures_by_document ON signatures(document_id, id);
