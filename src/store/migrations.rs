//! Versioned schema of the local store. Each migration runs once, in order, inside one
//! transaction with the version bump, so a store is always at a whole version. Tests open
//! every version from an empty file and from the version before it. The search index (new in
//! version 2, with goods descriptions from version 3) is filled from the existing drafts by
//! `Store::migrate` at [`SEARCH_INDEX_VERSION`] (it needs the JSON parser).

/// The migrations; index + 1 is the version they bring the store to.
pub(super) const MIGRATIONS: [&str; 8] = [
    // 1: drafts and the message log (the first released schema).
    "CREATE TABLE drafts (
         id INTEGER PRIMARY KEY,
         direction TEXT NOT NULL,
         state TEXT NOT NULL,
         number TEXT,
         title TEXT NOT NULL,
         data TEXT NOT NULL,
         findings TEXT NOT NULL,
         errors INTEGER NOT NULL,
         warnings INTEGER NOT NULL,
         created_at TEXT NOT NULL,
         updated_at TEXT NOT NULL,
         provisional_at TEXT,
         expires_at TEXT,
         lane INTEGER
     );
     CREATE INDEX drafts_updated ON drafts(updated_at DESC);
     CREATE TABLE messages (
         id INTEGER PRIMARY KEY,
         draft_id INTEGER NOT NULL REFERENCES drafts(id),
         at TEXT NOT NULL,
         sent INTEGER NOT NULL,
         job TEXT NOT NULL,
         message_ref TEXT NOT NULL,
         branch INTEGER,
         result_code TEXT,
         body TEXT NOT NULL
     );
     CREATE INDEX messages_draft ON messages(draft_id, id);",
    // 2: search index, events (expiry records…), customers with defaults; registered
    //    declarations and their messages can no longer be deleted.
    "CREATE VIRTUAL TABLE drafts_search USING fts5(
         number, invoice, bills, names, tax_codes, hs_codes, tokenize = 'unicode61'
     );
     CREATE TABLE events (
         id INTEGER PRIMARY KEY,
         draft_id INTEGER NOT NULL REFERENCES drafts(id),
         at TEXT NOT NULL,
         kind TEXT NOT NULL,
         detail_vi TEXT NOT NULL,
         detail_en TEXT NOT NULL
     );
     CREATE INDEX events_draft ON events(draft_id, id);
     CREATE TABLE parties (
         id INTEGER PRIMARY KEY,
         tax_code TEXT NOT NULL UNIQUE,
         name TEXT NOT NULL,
         address TEXT NOT NULL DEFAULT '',
         phone TEXT NOT NULL DEFAULT '',
         defaults TEXT NOT NULL DEFAULT '{}'
     );
     ALTER TABLE drafts ADD COLUMN expired_at TEXT;
     DROP INDEX drafts_updated;
     CREATE INDEX drafts_recent ON drafts(updated_at DESC, id DESC);
     CREATE INDEX drafts_state ON drafts(state, expires_at);
     CREATE TRIGGER drafts_keep_registered BEFORE DELETE ON drafts
         WHEN OLD.state IN ('registered', 'cleared', 'cancelled')
         BEGIN SELECT RAISE(ABORT, 'registered declarations are kept'); END;
     CREATE TRIGGER messages_keep BEFORE DELETE ON messages
         WHEN (SELECT state FROM drafts WHERE id = OLD.draft_id) IN ('registered', 'cleared', 'cancelled')
         BEGIN SELECT RAISE(ABORT, 'messages of registered declarations are kept'); END;",
    // 3: the search index also holds the goods descriptions (a broker searches "cà phê").
    "DROP TABLE drafts_search;
     CREATE VIRTUAL TABLE drafts_search USING fts5(
         number, invoice, bills, names, tax_codes, hs_codes, goods, tokenize = 'unicode61'
     );",
    // 4: the exact bytes of a VNACCS message (sent: with the password field blanked), beside
    //    the JSON body; NULL for the simulator's JSON protocol.
    "ALTER TABLE messages ADD COLUMN raw BLOB;",
    // 5: a broker's library: the column mapping of a customer's spreadsheets, and named
    //    declaration templates (per customer, or for all when the customer is '').
    "CREATE TABLE goods_mappings (
         customer TEXT PRIMARY KEY,
         mapping TEXT NOT NULL,
         saved_at TEXT NOT NULL
     );
     CREATE TABLE templates (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         customer TEXT NOT NULL DEFAULT '',
         direction TEXT NOT NULL,
         data TEXT NOT NULL,
         saved_at TEXT NOT NULL,
         UNIQUE (customer, name)
     );",
    // 6: the electronic dossier (files attached to a declaration, with their hash and the HYS
    //    receipt once sent); registered declarations kept for the legal retention period: they
    //    may be deleted only once it is over (`released_at`, set by `Store::delete_draft`).
    "CREATE TABLE attachments (
         id INTEGER PRIMARY KEY,
         draft_id INTEGER NOT NULL REFERENCES drafts(id),
         kind TEXT NOT NULL,
         name TEXT NOT NULL,
         media_type TEXT NOT NULL,
         size INTEGER NOT NULL,
         sha256 TEXT NOT NULL,
         content BLOB NOT NULL,
         source TEXT,
         added_at TEXT NOT NULL,
         receipt TEXT,
         sent_at TEXT
     );
     CREATE INDEX attachments_draft ON attachments(draft_id, id);
     ALTER TABLE drafts ADD COLUMN released_at TEXT;
     DROP TRIGGER drafts_keep_registered;
     CREATE TRIGGER drafts_keep_registered BEFORE DELETE ON drafts
         WHEN OLD.state IN ('registered', 'cleared', 'cancelled') AND OLD.released_at IS NULL
         BEGIN SELECT RAISE(ABORT, 'registered declarations are kept'); END;
     DROP TRIGGER messages_keep;
     CREATE TRIGGER messages_keep BEFORE DELETE ON messages
         WHEN (SELECT state IN ('registered', 'cleared', 'cancelled') AND released_at IS NULL
               FROM drafts WHERE id = OLD.draft_id)
         BEGIN SELECT RAISE(ABORT, 'messages of registered declarations are kept'); END;
     CREATE TRIGGER attachments_keep BEFORE DELETE ON attachments
         WHEN OLD.receipt IS NOT NULL
              AND (SELECT released_at IS NULL FROM drafts WHERE id = OLD.draft_id)
         BEGIN SELECT RAISE(ABORT, 'attachments sent with HYS are kept'); END;
     CREATE TRIGGER attachments_unchanged BEFORE UPDATE OF content, sha256 ON attachments
         WHEN OLD.receipt IS NOT NULL
         BEGIN SELECT RAISE(ABORT, 'attachments sent with HYS are not changed'); END;",
    // 7: the outbox: a job about a declaration that did not reach customs (timeout, refused
    // connection, 5xx) waits here with its message reference and exact bytes (the request's
    // JSON; the signed message when signed), written before the send is attempted and deleted
    // with the answer's recording in one transaction. The message log says which system each
    // message went to.
    "CREATE TABLE outbox (
         id INTEGER PRIMARY KEY,
         draft_id INTEGER NOT NULL REFERENCES drafts(id),
         job TEXT NOT NULL,
         message_ref TEXT NOT NULL UNIQUE,
         request TEXT NOT NULL,
         signed TEXT,
         system_vi TEXT NOT NULL,
         system_en TEXT NOT NULL,
         queued_at TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         last_attempt_at TEXT,
         last_error_vi TEXT,
         last_error_en TEXT,
         maybe_sent INTEGER NOT NULL DEFAULT 0
     );
     CREATE INDEX outbox_draft ON outbox(draft_id, id);
     ALTER TABLE messages ADD COLUMN system_vi TEXT;
     ALTER TABLE messages ADD COLUMN system_en TEXT;",
    // 8: a trainee's attempts at the exercises (`crate::exercise`): which exercise, when (UTC,
    // given by the caller), the score, the differences (JSON) and the declaration as submitted
    // (the declaration file format), for the chart of scores over time.
    "CREATE TABLE exercise_attempts (
         id INTEGER PRIMARY KEY,
         exercise_id TEXT NOT NULL,
         at TEXT NOT NULL,
         points INTEGER NOT NULL,
         max_points INTEGER NOT NULL,
         differences TEXT NOT NULL,
         declaration TEXT NOT NULL
     );
     CREATE INDEX exercise_attempts_by_exercise ON exercise_attempts(exercise_id, at, id);",
];

/// The version whose migration (re)creates the search index: it is filled from the drafts then.
pub(super) const SEARCH_INDEX_VERSION: i64 = 3;

/// The version a fully migrated store has.
#[allow(clippy::cast_possible_wrap)] // Eight migrations; the count cannot wrap.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;
