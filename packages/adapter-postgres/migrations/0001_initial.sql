-- boxoffice 0001: the queue, the catalog, holds, wallets, payments.
--
-- `migrate` runs this file inside one transaction with `search_path` set to the
-- target schema, so every name below lands in that schema. Instants are
-- timestamptz written from the application's injected clock (never now()),
-- amounts are bigint points, and each invariant the database can guard is a
-- named constraint (the adapter maps those names to domain errors).

-- ---------------------------------------------------------------- queue

-- Only live tokens (WAITING, ACTIVE) are stored: a token that leaves, completes,
-- expires or is dropped is deleted, so (concert_id, user_id) is unique.
CREATE TABLE queue_tokens (
  token        text        NOT NULL,
  user_id      text        NOT NULL,
  concert_id   text        NOT NULL,
  status       text        NOT NULL,
  seq          bigint      NOT NULL,
  entered_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  activated_at timestamptz,
  expires_at   timestamptz,
  CONSTRAINT queue_tokens_pkey PRIMARY KEY (token),
  CONSTRAINT queue_tokens_one_live_per_user UNIQUE (concert_id, user_id),
  CONSTRAINT queue_tokens_status_known CHECK (status IN ('WAITING', 'ACTIVE')),
  CONSTRAINT queue_tokens_active_has_expiry CHECK ((status = 'ACTIVE') = (expires_at IS NOT NULL))
) WITH (fillfactor = 80);
-- Every status poll rewrites last_seen_at. No index covers that column and
-- pages keep free space, so a poll is a HOT update: no index entry written.
-- The idle sweep pays instead, scanning the concert's WAITING tokens once a tick.

-- Admission reads the line from the front on this index; a rank counts on it
-- inside one bucket of seqs (see queue_rank_buckets).
CREATE INDEX queue_tokens_line ON queue_tokens (concert_id, status, seq);
CREATE INDEX queue_tokens_active_expiry ON queue_tokens (concert_id, expires_at) WHERE status = 'ACTIVE';

-- One row per concert that ever had a line: the seq allocator. `enter` bumps
-- last_seq under this row's lock and commits before releasing it, so seq order
-- is commit order and a later arrival can never appear ahead of an earlier one.
CREATE TABLE queue_lines (
  concert_id text   NOT NULL,
  last_seq   bigint NOT NULL,
  CONSTRAINT queue_lines_pkey PRIMARY KEY (concert_id)
);

-- WAITING tokens per bucket of 1024 consecutive seqs of a concert, kept in step
-- with queue_tokens by the statements that add or remove WAITING tokens: a rank
-- sums the earlier buckets and counts only inside its own.
CREATE TABLE queue_rank_buckets (
  concert_id text    NOT NULL,
  bucket     bigint  NOT NULL,
  waiting    integer NOT NULL,
  CONSTRAINT queue_rank_buckets_pkey PRIMARY KEY (concert_id, bucket),
  CONSTRAINT queue_rank_buckets_not_negative CHECK (waiting >= 0)
);

-- One row per concert that was ever ticked: admit locks it, so concurrent ticks
-- of one concert count ACTIVE tokens one after another and never pass maxActive.
CREATE TABLE queue_admissions (
  concert_id text   NOT NULL,
  last_tick  bigint NOT NULL,
  CONSTRAINT queue_admissions_pkey PRIMARY KEY (concert_id)
);

-- The last ADMISSION_WINDOW_TICKS (10) ticks per concert, for the ETA estimate.
CREATE TABLE queue_ticks (
  concert_id text        NOT NULL,
  tick_no    bigint      NOT NULL,
  at         timestamptz NOT NULL,
  admitted   integer     NOT NULL,
  CONSTRAINT queue_ticks_pkey PRIMARY KEY (concert_id, tick_no),
  CONSTRAINT queue_ticks_admitted_not_negative CHECK (admitted >= 0)
);

-- -------------------------------------------------------------- catalog

CREATE TABLE concerts (
  concert_id text        NOT NULL,
  title      text        NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT concerts_pkey PRIMARY KEY (concert_id)
);
CREATE INDEX concerts_listing ON concerts (created_at, concert_id);

CREATE TABLE schedules (
  schedule_id text        NOT NULL,
  concert_id  text        NOT NULL,
  starts_at   timestamptz NOT NULL,
  seat_count  integer     NOT NULL,
  CONSTRAINT schedules_pkey PRIMARY KEY (schedule_id),
  CONSTRAINT schedules_concert_exists FOREIGN KEY (concert_id) REFERENCES concerts (concert_id),
  CONSTRAINT schedules_seat_count_positive CHECK (seat_count > 0)
);
CREATE INDEX schedules_by_concert ON schedules (concert_id, starts_at, schedule_id);

-- seat_id is a surrogate key so the hold exclusion constraint below can compare
-- seats with the built-in range operator class (no btree_gist extension needed).
CREATE TABLE seats (
  seat_id     bigint  GENERATED ALWAYS AS IDENTITY,
  schedule_id text    NOT NULL,
  seat_no     integer NOT NULL,
  price       bigint  NOT NULL,
  CONSTRAINT seats_pkey PRIMARY KEY (seat_id),
  CONSTRAINT seats_number_unique UNIQUE (schedule_id, seat_no),
  CONSTRAINT seats_schedule_exists FOREIGN KEY (schedule_id) REFERENCES schedules (schedule_id),
  CONSTRAINT seats_price_points CHECK (price >= 0 AND price <= 9007199254740991)
);

-- ---------------------------------------------------------------- holds

CREATE TABLE holds (
  hold_id     text        NOT NULL,
  user_id     text        NOT NULL,
  concert_id  text        NOT NULL,
  schedule_id text        NOT NULL,
  seat_no     integer     NOT NULL,
  seat_id     bigint      NOT NULL,
  price       bigint      NOT NULL,
  status      text        NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  payment_id  text,
  CONSTRAINT holds_pkey PRIMARY KEY (hold_id),
  CONSTRAINT holds_seat_exists FOREIGN KEY (seat_id) REFERENCES seats (seat_id),
  CONSTRAINT holds_status_known CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
  CONSTRAINT holds_period_valid CHECK (expires_at > created_at),
  CONSTRAINT holds_price_points CHECK (price >= 0 AND price <= 9007199254740991),
  -- A hold is CONFIRMED exactly when a payment row exists for it (invariant 5).
  CONSTRAINT holds_confirmed_has_payment CHECK ((status = 'CONFIRMED') = (payment_id IS NOT NULL)),
  -- Invariant 1, enforced by the database and independent of any clock: a HELD
  -- hold claims its seat over [created_at, expires_at), a CONFIRMED one over
  -- [created_at, infinity). Two claims on one seat may never overlap. An
  -- expired HELD row (not swept yet) ends before a later hold starts, so lazy
  -- expiry never blocks a new hold; RELEASED and EXPIRED rows claim nothing.
  CONSTRAINT holds_one_claim_per_seat EXCLUDE USING gist (
    int8range(seat_id, seat_id, '[]') WITH &&,
    tstzrange(created_at, CASE WHEN status = 'CONFIRMED' THEN NULL ELSE expires_at END) WITH &&
  ) WHERE (status IN ('HELD', 'CONFIRMED'))
);
CREATE INDEX holds_by_seat ON holds (seat_id, created_at DESC);
CREATE INDEX holds_by_schedule ON holds (schedule_id) WHERE status IN ('HELD', 'CONFIRMED');
CREATE INDEX holds_held_by_user ON holds (user_id, expires_at) WHERE status = 'HELD';
CREATE INDEX holds_held_by_expiry ON holds (expires_at) WHERE status = 'HELD';

-- ------------------------------------------------------ wallets, payments

CREATE TABLE wallets (
  user_id text   NOT NULL,
  balance bigint NOT NULL,
  CONSTRAINT wallets_pkey PRIMARY KEY (user_id),
  -- Invariant 3, first half: no debit can take a balance below zero.
  CONSTRAINT wallets_balance_not_negative CHECK (balance >= 0),
  CONSTRAINT wallets_balance_points CHECK (balance <= 9007199254740991)
);

CREATE TABLE payments (
  payment_id      text        NOT NULL,
  user_id         text        NOT NULL,
  hold_id         text        NOT NULL,
  concert_id      text        NOT NULL,
  schedule_id     text        NOT NULL,
  seat_no         integer     NOT NULL,
  amount          bigint      NOT NULL,
  idempotency_key text        NOT NULL,
  paid_at         timestamptz NOT NULL,
  CONSTRAINT payments_pkey PRIMARY KEY (payment_id),
  -- Invariant 2: a hold is paid at most once.
  CONSTRAINT payments_one_per_hold UNIQUE (hold_id),
  CONSTRAINT payments_hold_exists FOREIGN KEY (hold_id) REFERENCES holds (hold_id),
  CONSTRAINT payments_amount_points CHECK (amount >= 0 AND amount <= 9007199254740991)
);

-- Checked at commit: the hold and its payment point at each other and are
-- written in the same transaction.
ALTER TABLE holds
  ADD CONSTRAINT holds_payment_exists FOREIGN KEY (payment_id) REFERENCES payments (payment_id)
  DEFERRABLE INITIALLY DEFERRED;

-- The ledger, in insertion order (`position`). Amounts are signed, so a
-- balance is always the sum of its user's entries.
CREATE TABLE ledger_entries (
  position        bigint      GENERATED ALWAYS AS IDENTITY,
  entry_id        text        NOT NULL,
  user_id         text        NOT NULL,
  kind            text        NOT NULL,
  amount          bigint      NOT NULL,
  balance_after   bigint      NOT NULL,
  at              timestamptz NOT NULL,
  payment_id      text,
  idempotency_key text,
  CONSTRAINT ledger_entries_pkey PRIMARY KEY (position),
  CONSTRAINT ledger_entries_id_unique UNIQUE (entry_id),
  CONSTRAINT ledger_entries_kind_known CHECK (kind IN ('CHARGE', 'PAYMENT', 'REFUND')),
  CONSTRAINT ledger_entries_sign CHECK (
    (kind = 'CHARGE' AND amount > 0) OR (kind = 'PAYMENT' AND amount <= 0) OR (kind = 'REFUND' AND amount >= 0)
  ),
  CONSTRAINT ledger_entries_balance_not_negative CHECK (balance_after >= 0),
  CONSTRAINT ledger_entries_payment_exists FOREIGN KEY (payment_id) REFERENCES payments (payment_id)
    DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ledger_entries_by_user ON ledger_entries (user_id, position DESC);

-- Keys are scoped per user; only a call that took effect records its key.
CREATE TABLE idempotency_keys (
  user_id         text        NOT NULL,
  idempotency_key text        NOT NULL,
  operation       text        NOT NULL,
  fingerprint     text        NOT NULL,
  result_id       text        NOT NULL,
  created_at      timestamptz NOT NULL,
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key),
  CONSTRAINT idempotency_keys_operation_known CHECK (operation IN ('charge', 'pay'))
);
