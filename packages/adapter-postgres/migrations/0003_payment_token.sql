-- boxoffice 0003: a payment remembers the queue token that made it.
--
-- A replayed pay may complete only the token that paid, and only while that
-- token is still live (its completion failed the first time); never the token
-- the replay carries, which may be the payer's next turn in a line. Payments
-- written before this version have no token (NULL), and their replays complete
-- nothing. A nullable column without a default: adding it rewrites no row.

ALTER TABLE payments ADD COLUMN token text;
