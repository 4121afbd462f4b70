import { statement, type Statement } from '../statement.js'

/** Every statement of the queue store, over the tables of one schema. */
export interface QueueStatements {
  readonly refreshLive: Statement
  readonly issue: Statement
  readonly positionBySeq: Statement
  readonly lockUserToken: Statement
  readonly remove: Statement
  readonly poll: Statement
  readonly read: Statement
  readonly concerts: Statement
  readonly startTick: Statement
  readonly sweep: Statement
  readonly pickWaiting: Statement
  readonly finishTick: Statement
  readonly readLine: Statement
  readonly lockLine: Statement
  readonly countLive: Statement
  readonly saveLine: Statement
  readonly lineUp: Statement
  readonly reorder: Statement
  readonly clearBuckets: Statement
  readonly fillBuckets: Statement
  readonly markOpened: Statement
}

/*
 * Rank without walking the line: WAITING tokens are counted per bucket of
 * RANK_BUCKET consecutive seqs (`queue_rank_buckets`, kept in step by every
 * statement that adds or removes a WAITING token, in the same statement). The
 * tokens ahead are the counts of the earlier buckets plus an index range count
 * inside the token's own bucket: at most a few thousand index entries, however
 * long the line.
 */
const RANK_BUCKET = 1024

// Every pre-queued token (still waiting for the opening shuffle) ranks ahead of a WAITING one.
const aheadOf = (s: string, concert: string, seq: string): string => `
  (SELECT count(*) FROM ${s}.queue_tokens p WHERE p.concert_id = ${concert} AND p.status = 'PRE_QUEUED')
  + (SELECT coalesce(sum(b.waiting), 0) FROM ${s}.queue_rank_buckets b
    WHERE b.concert_id = ${concert} AND b.bucket < ${seq} / ${RANK_BUCKET})
  + (SELECT count(*) FROM ${s}.queue_tokens w
    WHERE w.concert_id = ${concert} AND w.status = 'WAITING'
      AND w.seq >= ${seq} / ${RANK_BUCKET} * ${RANK_BUCKET} AND w.seq < ${seq})`

/** Removes the WAITING tokens of `source` (a CTE returning concert_id, status, seq) from their buckets. */
const uncount = (s: string, source: string): string => `
  UPDATE ${s}.queue_rank_buckets b SET waiting = b.waiting - g.n
    FROM (SELECT concert_id, seq / ${RANK_BUCKET} AS bucket, count(*) AS n FROM ${source}
           WHERE status = 'WAITING' GROUP BY 1, 2) g
   WHERE b.concert_id = g.concert_id AND b.bucket = g.bucket`

/*
 * The rank and the admission window (the sum of the concert's kept ticks)
 * ride along in the statement that reads or writes the token, so a status
 * poll is one round trip.
 */
const positionColumns = (s: string, r: string): string => `
  ${r}.token, ${r}.user_id, ${r}.concert_id, ${r}.status, ${r}.seq, ${r}.entered_at, ${r}.last_seen_at,
  ${r}.activated_at, ${r}.expires_at,
  CASE WHEN ${r}.status = 'WAITING' THEN ${aheadOf(s, `${r}.concert_id`, `${r}.seq`)} END AS ahead,
  (SELECT coalesce(sum(k.admitted), 0) FROM ${s}.queue_ticks k WHERE k.concert_id = ${r}.concert_id) AS window_admitted,
  (SELECT k.at FROM ${s}.queue_ticks k WHERE k.concert_id = ${r}.concert_id ORDER BY k.tick_no LIMIT 1) AS window_since,
  ${lineColumn(s, `${r}.concert_id`)}`

/** The line's settings as JSON, beside a token read (null for a line never configured nor entered). */
const lineColumn = (s: string, concert: string): string =>
  `(SELECT row_to_json(l) FROM ${s}.queue_lines l WHERE l.concert_id = ${concert}) AS line`

/** A pre-queued token's idle time counts from the opening (mirrors `tokenLiveness`). */
const openingOf = (s: string, concert: string): string =>
  `(SELECT l.sales_open_at FROM ${s}.queue_lines l WHERE l.concert_id = ${concert})`

export function queueStatements(s: string): QueueStatements {
  return {
    // enter, common case: the user's live token, its heartbeat refreshed in place.
    // $1 concert, $2 user, $3 now, $4 idle before (now - waitingIdleTtlMs).
    refreshLive: statement(`
      WITH hit AS (
        UPDATE ${s}.queue_tokens
           SET last_seen_at = CASE WHEN status <> 'ACTIVE' THEN $3::timestamptz ELSE last_seen_at END
         WHERE concert_id = $1 AND user_id = $2
           AND ((status = 'WAITING' AND last_seen_at > $4) OR (status = 'ACTIVE' AND expires_at > $3)
             OR (status = 'PRE_QUEUED' AND greatest(last_seen_at, ${openingOf(s, '$1')}) > $4))
        RETURNING *)
      SELECT ${positionColumns(s, 'hit')} FROM hit`),

    // enter, new arrival: next seq of the line (its row stays locked until
    // commit, so seq order is commit order), then the token, unless the user
    // already has one. $1 token, $2 concert, $3 user, $4 now, $5 status (WAITING or PRE_QUEUED).
    issue: statement(`
      WITH line AS (
        INSERT INTO ${s}.queue_lines AS l (concert_id, last_seq) VALUES ($2, 1)
        ON CONFLICT (concert_id) DO UPDATE SET last_seq = l.last_seq + 1
        RETURNING last_seq),
      issued AS (
        INSERT INTO ${s}.queue_tokens (token, user_id, concert_id, status, seq, entered_at, last_seen_at)
        SELECT $1, $3, $2, $5, line.last_seq, $4, $4 FROM line
        ON CONFLICT (concert_id, user_id) DO NOTHING
        RETURNING *),
      counted AS (
        INSERT INTO ${s}.queue_rank_buckets AS b (concert_id, bucket, waiting)
        SELECT concert_id, seq / ${RANK_BUCKET}, 1 FROM issued WHERE status = 'WAITING'
        ON CONFLICT (concert_id, bucket) DO UPDATE SET waiting = b.waiting + 1)
      SELECT * FROM issued`),

    // Rank and window of a token just issued, read in a fresh snapshot: the
    // issuing statement's snapshot predates its wait for the line lock.
    // $1 concert, $2 seq.
    positionBySeq: statement(`
      SELECT ${aheadOf(s, '$1::text', '$2::bigint')} AS ahead,
        (SELECT coalesce(sum(k.admitted), 0) FROM ${s}.queue_ticks k WHERE k.concert_id = $1) AS window_admitted,
        (SELECT k.at FROM ${s}.queue_ticks k WHERE k.concert_id = $1 ORDER BY k.tick_no LIMIT 1) AS window_since,
        ${lineColumn(s, '$1::text')}`),

    // enter, slow path (a dead token to replace): $1 concert, $2 user.
    lockUserToken: statement(`
      SELECT * FROM ${s}.queue_tokens WHERE concert_id = $1 AND user_id = $2 FOR UPDATE`),

    // leave, complete, replace: $1 token.
    remove: statement(`
      WITH gone AS (
        DELETE FROM ${s}.queue_tokens WHERE token = $1 RETURNING token, concert_id, status, seq),
      uncounted AS (${uncount(s, 'gone')})
      SELECT token FROM gone`),

    // status: refresh a live WAITING token's heartbeat, else read it as it is.
    // $1 token, $2 now, $3 idle before.
    poll: statement(`
      WITH hit AS (
        UPDATE ${s}.queue_tokens SET last_seen_at = $2
         WHERE token = $1 AND ((status = 'WAITING' AND last_seen_at > $3)
           OR (status = 'PRE_QUEUED' AND greatest(last_seen_at, ${openingOf(s, 'queue_tokens.concert_id')}) > $3))
        RETURNING *)
      SELECT ${positionColumns(s, 'hit')} FROM hit
      UNION ALL
      SELECT ${positionColumns(s, 't')} FROM ${s}.queue_tokens t
       WHERE t.token = $1 AND NOT EXISTS (SELECT 1 FROM hit)`),

    // authorize: $1 token.
    read: statement(`SELECT t.*, ${lineColumn(s, 't.concert_id')} FROM ${s}.queue_tokens t WHERE t.token = $1`),

    // $1 limit.
    concerts: statement(`
      SELECT l.concert_id FROM ${s}.queue_lines l
       WHERE EXISTS (SELECT 1 FROM ${s}.queue_tokens t WHERE t.concert_id = l.concert_id)
       ORDER BY l.concert_id LIMIT $1`),

    // admit, step 1: the concert's admission lock, held to commit, and the tick number. $1 concert.
    startTick: statement(`
      INSERT INTO ${s}.queue_admissions AS a (concert_id, last_tick) VALUES ($1, 1)
      ON CONFLICT (concert_id) DO UPDATE SET last_tick = a.last_tick + 1
      RETURNING last_tick`),

    // admit, step 2: sweep (rows another call holds are left for the next
    // tick) and count what is left. Every part reads the statement's snapshot,
    // which still holds the swept rows, hence the subtraction in the caller.
    // $1 concert, $2 now, $3 idle before, $4 sweep limit.
    sweep: statement(`
      WITH expired AS (
        DELETE FROM ${s}.queue_tokens WHERE token IN (
          SELECT token FROM ${s}.queue_tokens
           WHERE concert_id = $1 AND status = 'ACTIVE' AND expires_at <= $2
           ORDER BY expires_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING 1),
      idle AS (
        DELETE FROM ${s}.queue_tokens WHERE token IN (
          SELECT token FROM ${s}.queue_tokens
           WHERE concert_id = $1 AND status = 'WAITING' AND last_seen_at <= $3
           ORDER BY last_seen_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING concert_id, status, seq),
      uncounted AS (${uncount(s, 'idle')}),
      -- Buckets the line has moved past; a concurrent arrival re-creates its own.
      emptied AS (
        DELETE FROM ${s}.queue_rank_buckets WHERE concert_id = $1 AND waiting = 0)
      SELECT
        (SELECT count(*) FROM expired) AS expired,
        (SELECT count(*) FROM idle) AS dropped,
        (SELECT count(*) FROM ${s}.queue_tokens WHERE concert_id = $1 AND status = 'ACTIVE') AS active,
        (SELECT count(*) FROM ${s}.queue_tokens WHERE concert_id = $1 AND status = 'WAITING') AS waiting`),

    // admit, step 3: the next WAITING tokens after seq $2, in seq order, that no
    // other call holds (SKIP LOCKED: a tick never waits behind a poll), and the
    // smallest seq this batch jumped over (`gap`), so fairness can stop there.
    // $1 concert, $2 after seq, $3 batch size.
    pickWaiting: statement(`
      WITH picked AS (
        SELECT * FROM ${s}.queue_tokens
         WHERE concert_id = $1 AND status = 'WAITING' AND seq > $2
         ORDER BY seq LIMIT $3 FOR NO KEY UPDATE SKIP LOCKED)
      SELECT p.*,
        (SELECT min(w.seq) FROM ${s}.queue_tokens w
          WHERE w.concert_id = $1 AND w.status = 'WAITING' AND w.seq > $2
            AND w.seq < (SELECT max(seq) FROM picked)
            AND w.token NOT IN (SELECT token FROM picked)) AS gap
      FROM picked p ORDER BY p.seq`),

    // admit, step 4: drop the idle, activate the admitted, record the tick and
    // keep only the last $7. $1 concert, $2 dropped tokens, $3 admitted tokens,
    // $4 activated at, $5 expires at, $6 tick number, $7 ticks kept.
    finishTick: statement(`
      WITH dropped AS (
        DELETE FROM ${s}.queue_tokens WHERE token = ANY($2::text[]) RETURNING concert_id, status, seq),
      activated AS (
        UPDATE ${s}.queue_tokens SET status = 'ACTIVE', activated_at = $4, expires_at = $5
         WHERE token = ANY($3::text[])
        RETURNING concert_id, 'WAITING' AS status, seq), -- they leave the line: WAITING until now
      uncounted AS (${uncount(s, '(SELECT * FROM dropped UNION ALL SELECT * FROM activated) AS left_line')}),
      tick AS (
        INSERT INTO ${s}.queue_ticks (concert_id, tick_no, at, admitted)
        VALUES ($1, $6, $4, cardinality($3::text[]))),
      trimmed AS (
        DELETE FROM ${s}.queue_ticks WHERE concert_id = $1 AND tick_no <= $6::bigint - $7::bigint)
      SELECT 1`),

    // The line's settings. $1 concert.
    readLine: statement(`SELECT * FROM ${s}.queue_lines WHERE concert_id = $1`),

    // The line's row, created if needed and locked to commit (enters of the line wait). $1 concert.
    lockLine: statement(`
      INSERT INTO ${s}.queue_lines AS l (concert_id, last_seq) VALUES ($1, 0)
      ON CONFLICT (concert_id) DO UPDATE SET last_seq = l.last_seq
      RETURNING *`),

    // WAITING and ACTIVE tokens of the line. $1 concert.
    countLive: statement(`
      SELECT count(*) AS live FROM ${s}.queue_tokens WHERE concert_id = $1 AND status IN ('WAITING', 'ACTIVE')`),

    // $1 concert, $2 open, $3 close, $4 paused, $5 max active, $6 admit per tick.
    saveLine: statement(`
      UPDATE ${s}.queue_lines
         SET sales_open_at = $2, sales_close_at = $3, paused = $4, max_active = $5, admit_per_tick = $6
       WHERE concert_id = $1
      RETURNING *`),

    // The opening: everyone who has no admission yet, pre-queued or not, in seq order. $1 concert.
    lineUp: statement(`
      SELECT token, status, seq FROM ${s}.queue_tokens
       WHERE concert_id = $1 AND status IN ('PRE_QUEUED', 'WAITING')
       ORDER BY seq FOR UPDATE`),

    // The opening: new seqs, pre-queued tokens WAITING with their idle time from the opening.
    // $1 opening, $2 tokens, $3 seqs.
    reorder: statement(`
      UPDATE ${s}.queue_tokens t
         SET seq = v.seq, status = 'WAITING',
             last_seen_at = CASE WHEN t.status = 'PRE_QUEUED' THEN greatest(t.last_seen_at, $1) ELSE t.last_seen_at END
        FROM unnest($2::text[], $3::bigint[]) AS v(token, seq)
       WHERE t.token = v.token`),

    // The opening renumbered the line: its rank buckets are counted again. $1 concert.
    clearBuckets: statement(`DELETE FROM ${s}.queue_rank_buckets WHERE concert_id = $1`),
    fillBuckets: statement(`
      INSERT INTO ${s}.queue_rank_buckets (concert_id, bucket, waiting)
      SELECT concert_id, seq / ${RANK_BUCKET}, count(*) FROM ${s}.queue_tokens
       WHERE concert_id = $1 AND status = 'WAITING' GROUP BY 1, 2`),

    // $1 concert, $2 seqs used.
    markOpened: statement(`
      UPDATE ${s}.queue_lines SET opened = true, last_seq = last_seq + $2 WHERE concert_id = $1`),
  }
}
