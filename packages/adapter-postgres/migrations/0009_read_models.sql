-- boxoffice 0009: seat counts kept with the writes, for the dates a crowd polls.
--
-- listDates answered each schedule's free seats by counting its claimed seats
-- on every request. Now a trigger on seats keeps, per schedule, how many seats
-- carry a claim (seats.claimed_until not null: sold, held, or held and lapsed
-- but not swept yet), so a read sums a few counter rows instead:
--
--   free at t = seat_count - claimed + (seats whose claim lapsed at or before t)
--
-- The last term is lazy expiry: a HELD seat past its hold's expiry is free at
-- t before the sweep runs. It is read from the seats_claimed index (0004) over
-- the lapsed claims only, normally none (one index probe), so the answer stays
-- exactly the count of seats with claimed_until > t, as before.
--
-- Every statement that claims or frees a seat goes through seats.claimed_until
-- (hold_seats_mark_seats, 0004), so holds, payments, releases, expiry, refunds
-- and any later function keep the counts right without knowing of them.
--
-- Counter rows are slots: a writer adds its change to a slot row no other
-- transaction has locked (SKIP LOCKED), or opens a new slot, and never waits,
-- so holds on one schedule do not queue behind one row until commit (and no
-- lock order between counter rows can deadlock). A schedule has at most as
-- many slots as it ever had writers at one moment; a read sums them.

CREATE TABLE schedule_claim_counts (
  schedule_id text    NOT NULL,
  slot        bigint  NOT NULL,
  claimed     integer NOT NULL,
  CONSTRAINT schedule_claim_counts_pkey PRIMARY KEY (schedule_id, slot),
  CONSTRAINT schedule_claim_counts_schedule_exists FOREIGN KEY (schedule_id) REFERENCES schedules (schedule_id)
    ON DELETE CASCADE
);

CREATE SEQUENCE schedule_claim_count_slots;

CREATE FUNCTION seats_count_claims() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  target text;
  change integer;
  picked bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    target := OLD.schedule_id;
    change := -1;
  ELSIF TG_OP = 'INSERT' THEN
    target := NEW.schedule_id;
    change := 1;
  ELSE
    target := NEW.schedule_id;
    change := CASE WHEN NEW.claimed_until IS NULL THEN -1 ELSE 1 END;
  END IF;
  SELECT c.slot INTO picked FROM schedule_claim_counts c
   WHERE c.schedule_id = target
   ORDER BY c.slot
   LIMIT 1
   FOR UPDATE SKIP LOCKED;
  IF FOUND THEN
    UPDATE schedule_claim_counts SET claimed = claimed + change WHERE schedule_id = target AND slot = picked;
  ELSE
    INSERT INTO schedule_claim_counts (schedule_id, slot, claimed)
    VALUES (target, nextval('schedule_claim_count_slots'), change);
  END IF;
  RETURN NULL;
END
$$;

-- Only a seat that gains or loses a claim changes a count: paying (a claim
-- until 'infinity'), extending, or a new hold on a lapsed claim does not.
CREATE TRIGGER seats_count_claims_on_change AFTER UPDATE OF claimed_until ON seats
  FOR EACH ROW WHEN ((OLD.claimed_until IS NULL) <> (NEW.claimed_until IS NULL))
  EXECUTE FUNCTION seats_count_claims();
CREATE TRIGGER seats_count_claims_on_insert AFTER INSERT ON seats
  FOR EACH ROW WHEN (NEW.claimed_until IS NOT NULL)
  EXECUTE FUNCTION seats_count_claims();
CREATE TRIGGER seats_count_claims_on_delete AFTER DELETE ON seats
  FOR EACH ROW WHEN (OLD.claimed_until IS NOT NULL)
  EXECUTE FUNCTION seats_count_claims();

-- The seats already claimed (the triggers above lock seats against writers
-- until this migration commits, so none is missed or counted twice).
INSERT INTO schedule_claim_counts (schedule_id, slot, claimed)
SELECT st.schedule_id, nextval('schedule_claim_count_slots'), count(*)
  FROM seats st
 WHERE st.claimed_until IS NOT NULL
 GROUP BY st.schedule_id;
