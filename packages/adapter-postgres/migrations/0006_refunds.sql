-- boxoffice 0006: refunds and cancelled dates.
--
-- A payment can be refunded once: a row in refunds (refunds_one_per_payment
-- is the database's guard), a REFUND ledger entry, and its hold REFUNDED, a
-- terminal state that claims no seat, so the hold_seats trigger of 0004 frees
-- its seats in the same statement. A schedule can be CANCELLED: no hold is
-- placed on it any more (holds_schedule_not_cancelled), its live holds are
-- released and its payments refunded in batches (cancel_schedule).
--
-- Data already in place is carried over unchanged: every schedule is
-- SCHEDULED (a constant default rewrites no row), every payment unrefunded,
-- every CONFIRMED hold keeps its payment.

-- --------------------------------------------------------------- schedules

ALTER TABLE schedules
  ADD COLUMN status       text NOT NULL DEFAULT 'SCHEDULED',
  ADD COLUMN cancelled_at timestamptz,
  ADD CONSTRAINT schedules_status_known CHECK (status IN ('SCHEDULED', 'CANCELLED')),
  ADD CONSTRAINT schedules_cancelled_at CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL));

-- ------------------------------------------------------------------ holds

ALTER TABLE holds DROP CONSTRAINT holds_status_known;
ALTER TABLE holds
  ADD CONSTRAINT holds_status_known CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REFUNDED'));
-- A hold has a payment exactly when it was paid: CONFIRMED, or REFUNDED since.
ALTER TABLE holds DROP CONSTRAINT holds_confirmed_has_payment;
ALTER TABLE holds
  ADD CONSTRAINT holds_confirmed_has_payment CHECK ((status IN ('CONFIRMED', 'REFUNDED')) = (payment_id IS NOT NULL));

-- New holds of a cancelled schedule are refused, whichever function places
-- them (place_hold, hold_best_seats). The core's placeHold checks a cancelled
-- schedule last, so a hold refused here is one that would otherwise be
-- placed, and the adapter answers ScheduleCancelled for this name. A hold
-- inserted while a cancellation commits is released by the next
-- cancel_schedule call, which every caller repeats until nothing remains.
CREATE FUNCTION holds_refuse_cancelled_schedule() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM schedules WHERE schedule_id = NEW.schedule_id AND status = 'CANCELLED') THEN
    RAISE EXCEPTION 'schedule % was cancelled', NEW.schedule_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'holds_schedule_not_cancelled';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER holds_refuse_cancelled_schedule BEFORE INSERT ON holds
  FOR EACH ROW EXECUTE FUNCTION holds_refuse_cancelled_schedule();

-- ---------------------------------------------------------------- refunds

CREATE TABLE refunds (
  refund_id       text        NOT NULL,
  payment_id      text        NOT NULL,
  user_id         text        NOT NULL,
  hold_id         text        NOT NULL,
  schedule_id     text        NOT NULL,
  amount          bigint      NOT NULL,
  reason          text        NOT NULL,
  idempotency_key text,
  refunded_at     timestamptz NOT NULL,
  CONSTRAINT refunds_pkey PRIMARY KEY (refund_id),
  -- A payment is refunded at most once.
  CONSTRAINT refunds_one_per_payment UNIQUE (payment_id),
  CONSTRAINT refunds_payment_exists FOREIGN KEY (payment_id) REFERENCES payments (payment_id),
  CONSTRAINT refunds_reason_known CHECK (reason IN ('REQUESTED', 'SCHEDULE_CANCELLED')),
  -- The payer's key for a requested refund; none for a cancellation's.
  CONSTRAINT refunds_key_when_requested CHECK ((reason = 'REQUESTED') = (idempotency_key IS NOT NULL)),
  CONSTRAINT refunds_amount_points CHECK (amount >= 0 AND amount <= 9007199254740991)
);

-- A user's payments newest first; a schedule's payments for its cancellation.
CREATE INDEX payments_by_user ON payments (user_id, paid_at DESC, payment_id DESC);
CREATE INDEX payments_by_schedule ON payments (schedule_id, user_id, paid_at, payment_id);

ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_operation_known;
ALTER TABLE idempotency_keys
  ADD CONSTRAINT idempotency_keys_operation_known CHECK (operation IN ('charge', 'pay', 'refund'));

-- One payment refunded: the REFUND ledger entry and credit, the refund row,
-- the hold REFUNDED (its seats freed by the 0004 triggers). The caller holds
-- the payment's row lock; locks are taken payment, hold, wallet, as pay takes
-- hold, wallet. A credit is never capped by charge.maxBalance. Answers the
-- balance after the credit.
CREATE FUNCTION apply_refund(
  p_payment    payments,
  p_refund_id  text,
  p_entry_id   text,
  p_reason     text,
  p_key        text,
  p_now        timestamptz
) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  credited bigint;
BEGIN
  UPDATE holds SET status = 'REFUNDED' WHERE hold_id = p_payment.hold_id AND status = 'CONFIRMED';
  INSERT INTO wallets AS w (user_id, balance) VALUES (p_payment.user_id, p_payment.amount)
  ON CONFLICT (user_id) DO UPDATE SET balance = w.balance + p_payment.amount
  RETURNING balance INTO credited;
  INSERT INTO ledger_entries (entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key)
  VALUES (p_entry_id, p_payment.user_id, 'REFUND', p_payment.amount, credited, p_now, p_payment.payment_id, p_key);
  INSERT INTO refunds (refund_id, payment_id, user_id, hold_id, schedule_id, amount, reason, idempotency_key,
                       refunded_at)
  VALUES (p_refund_id, p_payment.payment_id, p_payment.user_id, p_payment.hold_id, p_payment.schedule_id,
          p_payment.amount, p_reason, p_key, p_now);
  RETURN credited;
END
$$;

-- A payer's refund in one statement. Mirrors the core's matchIdempotency and
-- decideRefund (the adapter applies decideRefund to what this saw, and the
-- contract suite judges both): the key replays or conflicts first; then the
-- payment exists, is the caller's, was not refunded, and the schedule starts
-- more than p_cutoff_ms after p_now. The key is claimed first, so a
-- concurrent call with the same key waits here and then replays; a refusal
-- deletes the claim again, so a refused call keeps no key. Answers what it
-- saw as jsonb: outcome (refunded | refused | replay | conflict), the
-- payment, whether it was refunded already, the schedule's start, the
-- payer's balance before, and the refund (made or replayed).
CREATE FUNCTION refund_payment(
  p_refund_id   text,
  p_entry_id    text,
  p_payment_id  text,
  p_user_id     text,
  p_key         text,
  p_fingerprint text,
  p_now         timestamptz,
  p_cutoff_ms   bigint
) RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  claimed text;
  kept idempotency_keys;
  paid payments;
  starts timestamptz;
  already boolean;
  balance_before bigint;
  credited bigint;
BEGIN
  INSERT INTO idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
  VALUES (p_user_id, p_key, 'refund', p_fingerprint, p_refund_id, p_now)
  ON CONFLICT (user_id, idempotency_key) DO NOTHING
  RETURNING result_id INTO claimed;
  IF claimed IS NULL THEN
    SELECT * INTO kept FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_key;
    IF kept.operation IS DISTINCT FROM 'refund' OR kept.fingerprint IS DISTINCT FROM p_fingerprint THEN
      RETURN jsonb_build_object('outcome', 'conflict');
    END IF;
    RETURN jsonb_build_object('outcome', 'replay',
      'refund', (SELECT to_jsonb(r) FROM refunds r WHERE r.refund_id = kept.result_id));
  END IF;

  SELECT * INTO paid FROM payments WHERE payment_id = p_payment_id FOR UPDATE;
  IF paid.payment_id IS NOT NULL THEN
    SELECT sc.starts_at INTO starts FROM schedules sc WHERE sc.schedule_id = paid.schedule_id;
    already := EXISTS (SELECT 1 FROM refunds WHERE payment_id = p_payment_id);
    SELECT w.balance INTO balance_before FROM wallets w WHERE w.user_id = paid.user_id;
  END IF;
  IF paid.payment_id IS NULL OR paid.user_id <> p_user_id OR already
     OR p_now >= starts - make_interval(secs => p_cutoff_ms / 1000.0) THEN
    DELETE FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_key;
    RETURN jsonb_build_object('outcome', 'refused', 'payment', to_jsonb(paid), 'refunded', coalesce(already, false),
      'starts_at', starts, 'balance', coalesce(balance_before, 0));
  END IF;

  credited := apply_refund(paid, p_refund_id, p_entry_id, 'REQUESTED', p_key, p_now);
  RETURN jsonb_build_object('outcome', 'refunded', 'payment', to_jsonb(paid), 'refunded', false,
    'starts_at', starts, 'balance', credited - paid.amount,
    'refund', (SELECT to_jsonb(r) FROM refunds r WHERE r.refund_id = p_refund_id));
END
$$;

-- One cancellation step in one statement. Mirrors the core's cancelSchedule,
-- releaseHold and decideRefund by the operator (the contract suite judges
-- them): the schedule CANCELLED, its live HELD holds RELEASED, then at most
-- p_limit of its payments not refunded yet refunded, each with the ids
-- cancellationRefundIds derives ('<payment>.refund', '<payment>.refund-entry').
-- Cancellers of one schedule take turns on the schedule's row lock; the batch
-- is read FOR UPDATE SKIP LOCKED, so a payment its payer is refunding right
-- now is left to that refund, and none is refunded twice (refunds_one_per_payment
-- stays the final guard). Answers null for an unknown schedule, else
-- released, refunded and remaining.
CREATE FUNCTION cancel_schedule(p_schedule_id text, p_limit integer, p_now timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  released integer;
  refunded integer := 0;
  remaining integer;
  paid payments;
BEGIN
  UPDATE schedules SET status = 'CANCELLED', cancelled_at = coalesce(cancelled_at, p_now)
   WHERE schedule_id = p_schedule_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;

  WITH gone AS (
    UPDATE holds SET status = 'RELEASED'
     WHERE schedule_id = p_schedule_id AND status = 'HELD' AND expires_at > p_now
    RETURNING 1)
  SELECT count(*) INTO released FROM gone;

  -- Payers in one order (user, then payment), so wallets are locked in one order.
  FOR paid IN
    SELECT p.* FROM payments p
     WHERE p.schedule_id = p_schedule_id
       AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.payment_id)
     ORDER BY p.user_id, p.paid_at, p.payment_id
     LIMIT p_limit
     FOR UPDATE OF p SKIP LOCKED
  LOOP
    -- Locked now: a refund committed since the batch was read shows here.
    CONTINUE WHEN EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = paid.payment_id);
    PERFORM apply_refund(paid, paid.payment_id || '.refund', paid.payment_id || '.refund-entry',
                         'SCHEDULE_CANCELLED', NULL, p_now);
    refunded := refunded + 1;
  END LOOP;

  SELECT count(*) INTO remaining FROM payments p
   WHERE p.schedule_id = p_schedule_id
     AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.payment_id);
  RETURN jsonb_build_object('released', released, 'refunded', refunded, 'remaining', remaining);
END
$$;

-- Cancelled schedules, for the scheduler to find the unfinished ones.
CREATE INDEX schedules_cancelled ON schedules (cancelled_at, schedule_id) WHERE status = 'CANCELLED';
