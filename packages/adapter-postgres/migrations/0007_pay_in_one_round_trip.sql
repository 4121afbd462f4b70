-- boxoffice 0007: a payment, and a keyed charge, in one round trip.
--
-- Until now a payment was a transaction of several statements sent one after
-- another (key claim, hold lock, wallet lock, settle, commit), and a keyed
-- charge one of three. Each is now one function, called as one statement, so
-- one round trip to the server does the whole call; it writes the same tables
-- in the same way as before (idempotency_keys, wallets, holds, hold_seats and
-- seats through the 0004 triggers, ledger_entries, payments), and every
-- constraint stays the final guard. No table changes: nothing to carry over.
--
-- A refused call must leave nothing behind, its key included. The function
-- claims the key first (the lock order stays key, hold, wallet) and,
-- when it then refuses, deletes the key it claimed in the same statement.

-- What pay_hold saw and did.
--   outcome 'paid':      paid; the hold columns are the hold as it was before, balance the balance before the debit
--   outcome 'refused':   nothing written; the hold columns (null: no such hold), balance and
--                        claims_its_seats say why
--   outcome 'key_taken': the key was recorded by another call; stored_operation and stored_fingerprint
--                        are its record, which the adapter matches (matchIdempotency). When they match,
--                        the payment it made follows: the hold columns hold the payment's copy of them,
--                        with payment_id, amount, idempotency_key, paid_at and token
--   outcome 'retry':     the key vanished while read (its call rolled back meanwhile), or the
--                        balance grew past the price between the refused debit and its read: call again
CREATE TYPE pay_attempt AS (
  outcome            text,
  stored_operation   text,
  stored_fingerprint text,
  hold_id            text,
  user_id            text,
  concert_id         text,
  schedule_id        text,
  seat_no            integer,
  seat_nos           integer[],
  price              bigint,
  status             text,
  created_at         timestamptz,
  expires_at         timestamptz,
  extended           boolean,
  balance            bigint,
  claims_its_seats   boolean,
  balance_after      bigint,
  payment_id         text,
  amount             bigint,
  idempotency_key    text,
  paid_at            timestamptz,
  token              text
);

-- A pay in one statement. Mirrors the core's matchIdempotency then
-- settlePayment (the hold exists, is the payer's, is of the concert the
-- payer's token admits to, is HELD, unexpired at p_now and still the live
-- claim of its seats, and the balance covers its price); the adapter applies
-- both to what the function saw and the contract suite judges them. Locks in
-- one order for every payment: the key (its claim), the hold, the wallet; the
-- hold's seats follow when the hold is confirmed (triggers, migration 0004).
CREATE FUNCTION pay_hold(
  p_payment_id  text,
  p_entry_id    text,
  p_user_id     text,
  p_hold_id     text,
  p_key         text,
  p_fingerprint text,
  p_token       text,
  p_concert_id  text,
  p_now         timestamptz
) RETURNS pay_attempt
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  seen pay_attempt;
  stored record;
  paid record;
  h record;
BEGIN
  -- A concurrent claim of the same key waits here until the first commits
  -- (then: nothing inserted, answer its record) or rolls back (then: ours).
  INSERT INTO idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
  VALUES (p_user_id, p_key, 'pay', p_fingerprint, p_payment_id, p_now)
  ON CONFLICT (user_id, idempotency_key) DO NOTHING;
  IF NOT FOUND THEN
    SELECT k.operation, k.fingerprint, k.result_id INTO stored
      FROM idempotency_keys k WHERE k.user_id = p_user_id AND k.idempotency_key = p_key;
    IF NOT FOUND THEN
      seen.outcome := 'retry';
      RETURN seen;
    END IF;
    seen.outcome := 'key_taken';
    seen.stored_operation := stored.operation;
    seen.stored_fingerprint := stored.fingerprint;
    IF stored.operation <> 'pay' OR stored.fingerprint <> p_fingerprint THEN
      RETURN seen;
    END IF;
    SELECT p.payment_id, p.user_id, p.hold_id, p.concert_id, p.schedule_id, p.seat_no, p.seat_nos, p.amount,
           p.idempotency_key, p.paid_at, p.token
      INTO paid FROM payments p WHERE p.payment_id = stored.result_id;
    IF NOT FOUND THEN
      seen.outcome := 'retry';
      RETURN seen;
    END IF;
    seen.hold_id := paid.hold_id;
    seen.user_id := paid.user_id;
    seen.concert_id := paid.concert_id;
    seen.schedule_id := paid.schedule_id;
    seen.seat_no := paid.seat_no;
    seen.seat_nos := paid.seat_nos;
    seen.payment_id := paid.payment_id;
    seen.amount := paid.amount;
    seen.idempotency_key := paid.idempotency_key;
    seen.paid_at := paid.paid_at;
    seen.token := paid.token;
    RETURN seen;
  END IF;

  SELECT hd.hold_id, hd.user_id, hd.concert_id, hd.schedule_id, hd.seat_no, hd.seat_nos, hd.price, hd.status,
         hd.created_at, hd.expires_at, hd.extended
    INTO h FROM holds hd WHERE hd.hold_id = p_hold_id FOR NO KEY UPDATE;
  IF FOUND THEN
    seen.hold_id := h.hold_id;
    seen.user_id := h.user_id;
    seen.concert_id := h.concert_id;
    seen.schedule_id := h.schedule_id;
    seen.seat_no := h.seat_no;
    seen.seat_nos := h.seat_nos;
    seen.price := h.price;
    seen.status := h.status;
    seen.created_at := h.created_at;
    seen.expires_at := h.expires_at;
    seen.extended := h.extended;
  END IF;
  seen.claims_its_seats := true;
  IF seen.status = 'HELD' THEN
    -- Still the live claim of its seats: no other live claim overlaps the one
    -- this hold would make once CONFIRMED, which is what
    -- hold_seats_one_claim_per_seat would refuse. A claim committed after
    -- this look still meets that constraint when the hold is confirmed below.
    seen.claims_its_seats := NOT EXISTS (
      SELECT 1 FROM hold_seats mine
        JOIN hold_seats other ON other.seat_id = mine.seat_id AND other.hold_id <> mine.hold_id
       WHERE mine.hold_id = p_hold_id AND other.status IN ('HELD', 'CONFIRMED')
         AND tstzrange(other.created_at, CASE WHEN other.status = 'CONFIRMED' THEN NULL ELSE other.expires_at END)
             && tstzrange(mine.created_at, NULL));
  END IF;

  IF seen.hold_id IS NULL OR seen.user_id <> p_user_id OR seen.concert_id <> p_concert_id
     OR seen.status <> 'HELD' OR seen.expires_at <= p_now OR NOT seen.claims_its_seats THEN
    DELETE FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_key;
    seen.outcome := 'refused';
    RETURN seen;
  END IF;

  -- The balance check and the debit in one conditional write, which locks
  -- the wallet: never below zero. A free seat needs no balance, so a user who
  -- never charged gets a (user, 0) wallet for it; a refusal reads the balance
  -- it fell short of.
  IF seen.price = 0 THEN
    INSERT INTO wallets AS w (user_id, balance) VALUES (p_user_id, 0)
    ON CONFLICT (user_id) DO UPDATE SET balance = w.balance
    RETURNING w.balance INTO seen.balance_after;
  ELSE
    UPDATE wallets w SET balance = w.balance - seen.price WHERE w.user_id = p_user_id AND w.balance >= seen.price
    RETURNING w.balance INTO seen.balance_after;
  END IF;
  IF NOT FOUND OR seen.balance_after IS NULL THEN
    SELECT w.balance INTO seen.balance FROM wallets w WHERE w.user_id = p_user_id;
    seen.balance := coalesce(seen.balance, 0);
    seen.balance_after := NULL;
    DELETE FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_key;
    -- A charge committed between the write and this read: the refusal no longer holds.
    seen.outcome := CASE WHEN seen.balance >= seen.price THEN 'retry' ELSE 'refused' END;
    RETURN seen;
  END IF;
  seen.balance := seen.balance_after + seen.price;
  -- The hold's seats follow it to CONFIRMED (triggers, migration 0004).
  UPDATE holds SET status = 'CONFIRMED', payment_id = p_payment_id WHERE hold_id = p_hold_id;
  INSERT INTO ledger_entries (entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key)
  VALUES (p_entry_id, p_user_id, 'PAYMENT', -seen.price, seen.balance_after, p_now, p_payment_id, p_key);
  INSERT INTO payments
    (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, seat_nos, amount, idempotency_key, paid_at, token)
  VALUES (p_payment_id, p_user_id, p_hold_id, seen.concert_id, seen.schedule_id, seen.seat_no, seen.seat_nos,
          seen.price, p_key, p_now, p_token);
  seen.outcome := 'paid';
  RETURN seen;
END
$$;

-- What charge_wallet saw and did.
--   outcome 'charged':   the ledger columns are the CHARGE entry written
--   outcome 'refused':   the new balance would pass p_max_balance; nothing written
--   outcome 'key_taken': as for pay_hold; when the record matches, the ledger columns are the entry it made
--   outcome 'retry':     as for pay_hold
CREATE TYPE charge_attempt AS (
  outcome            text,
  stored_operation   text,
  stored_fingerprint text,
  entry_id           text,
  user_id            text,
  kind               text,
  amount             bigint,
  balance_after      bigint,
  at                 timestamptz,
  payment_id         text,
  idempotency_key    text
);

-- A charge with an idempotency key in one statement. Mirrors the core's
-- matchIdempotency then applyCharge (the wallet is created or credited only
-- if the new balance stays within p_max_balance), as the unkeyed charge
-- statement of the adapter does; the contract suite judges both.
CREATE FUNCTION charge_wallet(
  p_user_id     text,
  p_key         text,
  p_fingerprint text,
  p_amount      bigint,
  p_max_balance bigint,
  p_entry_id    text,
  p_now         timestamptz
) RETURNS charge_attempt
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  seen charge_attempt;
  stored record;
  new_balance bigint;
BEGIN
  INSERT INTO idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
  VALUES (p_user_id, p_key, 'charge', p_fingerprint, p_entry_id, p_now)
  ON CONFLICT (user_id, idempotency_key) DO NOTHING;
  IF NOT FOUND THEN
    SELECT k.operation, k.fingerprint, k.result_id INTO stored
      FROM idempotency_keys k WHERE k.user_id = p_user_id AND k.idempotency_key = p_key;
    IF NOT FOUND THEN
      seen.outcome := 'retry';
      RETURN seen;
    END IF;
    seen.outcome := 'key_taken';
    seen.stored_operation := stored.operation;
    seen.stored_fingerprint := stored.fingerprint;
    IF stored.operation <> 'charge' OR stored.fingerprint <> p_fingerprint THEN
      RETURN seen;
    END IF;
    SELECT e.entry_id, e.user_id, e.kind, e.amount, e.balance_after, e.at, e.payment_id, e.idempotency_key
      INTO seen.entry_id, seen.user_id, seen.kind, seen.amount, seen.balance_after, seen.at, seen.payment_id,
           seen.idempotency_key
      FROM ledger_entries e WHERE e.entry_id = stored.result_id;
    IF NOT FOUND THEN
      seen.outcome := 'retry';
    END IF;
    RETURN seen;
  END IF;

  INSERT INTO wallets AS w (user_id, balance)
  SELECT p_user_id, p_amount WHERE p_amount <= p_max_balance
  ON CONFLICT (user_id) DO UPDATE SET balance = w.balance + EXCLUDED.balance
   WHERE w.balance + EXCLUDED.balance <= p_max_balance
  RETURNING w.balance INTO new_balance;
  IF NOT FOUND THEN
    DELETE FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_key;
    seen.outcome := 'refused';
    RETURN seen;
  END IF;
  INSERT INTO ledger_entries (entry_id, user_id, kind, amount, balance_after, at, idempotency_key)
  VALUES (p_entry_id, p_user_id, 'CHARGE', p_amount, new_balance, p_now, p_key)
  RETURNING entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key
  INTO seen.entry_id, seen.user_id, seen.kind, seen.amount, seen.balance_after, seen.at, seen.payment_id,
       seen.idempotency_key;
  seen.outcome := 'charged';
  RETURN seen;
END
$$;
