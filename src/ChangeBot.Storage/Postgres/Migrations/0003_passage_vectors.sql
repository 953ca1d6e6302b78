-- Sentence-embedding vectors of answer passages, keyed by the model and a hash of the embedded text: a
-- passage is embedded once, when its notice is imported or changed, and instances load the vectors at
-- start instead of running the model over every notice. The vector is little-endian float32s.
CREATE TABLE passage_vectors (
    model        text COLLATE "C" NOT NULL,
    content_hash text COLLATE "C" NOT NULL,
    vector       bytea NOT NULL,
    PRIMARY KEY (model, content_hash)
);
