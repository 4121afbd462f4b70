-- boxoffice 0002: a hold in one round trip.
--
-- `holdSeat` calls hold_seat once. A hold that cannot be placed (the seat is
-- taken, missing, of another concert, or the user is at the limit) is answered
-- from one lock-free look, so a crowd losing a race for one seat costs one
-- short statement each and never waits. A hold that looks possible locks its
-- user, then its seat, and looks again: inside a VOLATILE function each
-- statement takes a fresh snapshot (READ COMMITTED), so the second look sees
-- every hold committed before the locks were granted. All of it runs inside
-- the caller's statement, so no lock is ever held across a client round trip
-- and a waiter waits only for another call's few microseconds of work.
--
-- The decision mirrors the core's placeHold (seat exists, schedule of the
-- token's concert, no live claim, fewer than max_per_user live holds); the
-- adapter applies placeHold to the situation returned to name the refusal.
-- The exclusion constraint holds_one_claim_per_seat stays the final guard.

-- What hold_seat saw (its last look) and whether it placed the hold.
CREATE TYPE hold_attempt AS (
  schedule_concert_id text,    -- null: no such schedule
  seat_id             bigint,  -- null: no such seat on the schedule
  seat_price          bigint,
  -- the claim on the seat: the live one, else the latest (all null: none)
  hold_id             text,
  user_id             text,
  concert_id          text,
  schedule_id         text,
  seat_no             integer,
  price               bigint,
  status              text,
  created_at          timestamptz,
  expires_at          timestamptz,
  claim_live          boolean,
  user_live_holds     bigint,  -- the user's HELD holds unexpired at p_now
  placed              boolean
);

CREATE FUNCTION hold_seat(
  p_lock_space   integer,      -- advisory lock namespace of this schema
  p_hold_id      text,
  p_user_id      text,
  p_concert_id   text,         -- the concert the caller's token admits to
  p_schedule_id  text,
  p_seat_no      integer,
  p_now          timestamptz,
  p_expires_at   timestamptz,
  p_max_per_user integer
) RETURNS hold_attempt
LANGUAGE plpgsql VOLATILE
-- The tables of the schema migrate ran in, whatever the caller's search_path.
SET search_path FROM CURRENT
AS $$
DECLARE
  seen hold_attempt;
BEGIN
  FOR look IN 1..2 LOOP
    SELECT sc.concert_id, st.seat_id, st.price,
           claim.hold_id, claim.user_id, claim.concert_id, claim.schedule_id, claim.seat_no, claim.price,
           claim.status, claim.created_at, claim.expires_at, coalesce(claim.live, false),
           (SELECT count(*) FROM holds u
             WHERE u.user_id = p_user_id AND u.status = 'HELD' AND u.expires_at > p_now),
           false
      INTO seen
      FROM (SELECT 1) AS one
      LEFT JOIN schedules sc ON sc.schedule_id = p_schedule_id
      LEFT JOIN seats st ON st.schedule_id = sc.schedule_id AND st.seat_no = p_seat_no
      LEFT JOIN LATERAL (
        SELECT h.*, (h.status = 'CONFIRMED' OR (h.status = 'HELD' AND h.expires_at > p_now)) AS live
          FROM holds h WHERE h.seat_id = st.seat_id
         ORDER BY live DESC, h.created_at DESC
         LIMIT 1) claim ON true;

    IF seen.seat_id IS NULL OR seen.schedule_concert_id <> p_concert_id OR seen.claim_live
       OR seen.user_live_holds >= p_max_per_user THEN
      RETURN seen;
    END IF;
    IF look = 1 THEN
      -- Always the user, then the seat: one order everywhere, so no deadlock.
      -- There is no user row to lock; the advisory lock ends with the transaction.
      PERFORM pg_advisory_xact_lock(p_lock_space, hashtext(p_user_id));
      PERFORM FROM seats st WHERE st.seat_id = seen.seat_id FOR NO KEY UPDATE;
    END IF;
  END LOOP;

  INSERT INTO holds (hold_id, user_id, concert_id, schedule_id, seat_no, seat_id, price, status, created_at, expires_at)
  VALUES (p_hold_id, p_user_id, p_concert_id, p_schedule_id, p_seat_no, seen.seat_id, seen.seat_price, 'HELD',
          p_now, p_expires_at);
  seen.placed := true;
  RETURN seen;
END
$$;
