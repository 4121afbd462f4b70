-- boxoffice 0008: domain events in a transactional outbox (SPEC 8.4).
--
-- Every change to the booking tables appends one row to events, written by a
-- trigger in the same transaction as the change: a rolled-back change leaves
-- no event, and every SQL function, present or future, that changes a hold,
-- a wallet or a payment writes its event without being edited (invariant 13).
--
--   holds INSERT                        -> HoldPlaced
--   holds HELD -> RELEASED              -> HoldReleased
--   holds HELD -> EXPIRED               -> HoldExpired
--   holds expires_at later (extended)   -> HoldExtended
--   holds HELD -> CONFIRMED             -> (none: the payment's row says it)
--   payments INSERT                     -> PaymentSettled
--   ledger_entries INSERT kind CHARGE   -> WalletCharged
--
-- The cursor is (xid, seq): the writing transaction's id, then the row's
-- place in a sequence. A reader reads only rows whose xid is below the xmin
-- of its snapshot, i.e. rows of transactions that have all ended; a
-- transaction still running holds back every row at or after its xid, so a
-- transaction that commits late (with a small xid) can never land behind a
-- cursor a reader already passed. See docs/adapters/postgres.md.
--
-- NOTIFY boxoffice_events (payload: the schema) wakes readers waiting with
-- LISTEN; NOTIFY is delivered at commit, and never for a rollback.
--
-- Data already in place is left as it is: the outbox starts empty, with the
-- first change after the upgrade.

CREATE TABLE events (
  xid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
  seq         bigint      GENERATED ALWAYS AS IDENTITY,
  type        text        NOT NULL,
  at          timestamptz NOT NULL,
  concert_id  text,
  schedule_id text,
  user_id     text,
  data        jsonb       NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (xid, seq)
);

-- An ISO 8601 instant in UTC with milliseconds, as the core writes one (`toISOString`).
CREATE FUNCTION event_instant(p_at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION append_event(
  p_type text, p_at timestamptz, p_concert_id text, p_schedule_id text, p_user_id text, p_data jsonb
) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  INSERT INTO events (type, at, concert_id, schedule_id, user_id, data)
  VALUES (p_type, p_at, p_concert_id, p_schedule_id, p_user_id, p_data);
  -- One notification per transaction and schema: equal ones are folded at commit.
  PERFORM pg_notify('boxoffice_events', current_schema());
END
$$;

-- A hold placed, released, expired or extended. HoldReleased and HoldExtended
-- are dated by the transaction's time (the hold keeps no time of them);
-- HoldExpired by the moment the hold lapsed.
CREATE FUNCTION holds_write_events() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  v_type text;
  v_at   timestamptz;
  v_data jsonb := jsonb_build_object('holdId', NEW.hold_id, 'seatNos', to_jsonb(NEW.seat_nos));
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_type := 'HoldPlaced';
    v_at := NEW.created_at;
    v_data := v_data || jsonb_build_object('price', NEW.price, 'expiresAt', event_instant(NEW.expires_at));
  ELSIF OLD.status = 'HELD' AND NEW.status = 'RELEASED' THEN
    v_type := 'HoldReleased';
    v_at := now();
  ELSIF OLD.status = 'HELD' AND NEW.status = 'EXPIRED' THEN
    v_type := 'HoldExpired';
    v_at := NEW.expires_at;
  ELSIF NEW.status = 'HELD' AND NEW.expires_at > OLD.expires_at THEN
    v_type := 'HoldExtended';
    v_at := now();
    v_data := v_data || jsonb_build_object('expiresAt', event_instant(NEW.expires_at));
  ELSE
    RETURN NULL;
  END IF;
  PERFORM append_event(v_type, v_at, NEW.concert_id, NEW.schedule_id, NEW.user_id, v_data);
  RETURN NULL;
END
$$;

-- Named to fire after holds_claim_their_seats_* (triggers fire in name
-- order): a hold whose seats are refused never gets this far.
CREATE TRIGGER holds_write_events_on_insert AFTER INSERT ON holds
  FOR EACH ROW EXECUTE FUNCTION holds_write_events();
CREATE TRIGGER holds_write_events_on_change AFTER UPDATE OF status, expires_at ON holds
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION holds_write_events();

CREATE FUNCTION payments_write_events() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  PERFORM append_event('PaymentSettled', NEW.paid_at, NEW.concert_id, NEW.schedule_id, NEW.user_id,
    jsonb_build_object('paymentId', NEW.payment_id, 'holdId', NEW.hold_id,
                       'seatNos', to_jsonb(NEW.seat_nos), 'amount', NEW.amount));
  RETURN NULL;
END
$$;

CREATE TRIGGER payments_write_events AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_write_events();

-- Only charges: a PAYMENT entry is part of its payment's PaymentSettled.
CREATE FUNCTION ledger_entries_write_events() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  PERFORM append_event('WalletCharged', NEW.at, NULL, NULL, NEW.user_id,
    jsonb_build_object('entryId', NEW.entry_id, 'amount', NEW.amount, 'balance', NEW.balance_after));
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_entries_write_events AFTER INSERT ON ledger_entries
  FOR EACH ROW WHEN (NEW.kind = 'CHARGE') EXECUTE FUNCTION ledger_entries_write_events();

-- A refund (by the payer or by a cancellation): one PaymentRefunded, written
-- with the refund row that 0006's apply_refund inserts once per payment.
CREATE FUNCTION refunds_write_events() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  v_payment payments%ROWTYPE;
BEGIN
  SELECT * INTO v_payment FROM payments WHERE payment_id = NEW.payment_id;
  PERFORM append_event('PaymentRefunded', NEW.refunded_at, v_payment.concert_id, NEW.schedule_id, NEW.user_id,
    jsonb_build_object('refundId', NEW.refund_id, 'paymentId', NEW.payment_id, 'holdId', NEW.hold_id,
                       'seatNos', to_jsonb(v_payment.seat_nos), 'amount', NEW.amount, 'reason', NEW.reason));
  RETURN NULL;
END
$$;

CREATE TRIGGER refunds_write_events AFTER INSERT ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_write_events();

-- A date cancelled: once, when its status first turns CANCELLED (a repeated
-- cancel_schedule call changes no status and writes nothing).
CREATE FUNCTION schedules_write_events() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  PERFORM append_event('ScheduleCancelled', coalesce(NEW.cancelled_at, now()), NEW.concert_id, NEW.schedule_id,
    NULL, '{}'::jsonb);
  RETURN NULL;
END
$$;

CREATE TRIGGER schedules_write_events AFTER UPDATE OF status ON schedules
  FOR EACH ROW WHEN (OLD.status <> 'CANCELLED' AND NEW.status = 'CANCELLED')
  EXECUTE FUNCTION schedules_write_events();
