import type pg from 'pg'

/*
 * The spec's booking invariants, read straight from the tables after a test
 * has hammered them. Each query answers the rows that break its invariant, so
 * a passing check is an empty list, and a failing one says what broke.
 */
const checks = (s: string): Record<string, string> => ({
  // 3. A balance always equals the sum of its user's ledger entries (and never goes below zero).
  'balance equals the sum of the ledger': `
    SELECT coalesce(w.user_id, l.user_id) AS user_id, w.balance, l.total
      FROM ${s}.wallets w
      FULL JOIN (SELECT user_id, sum(amount) AS total FROM ${s}.ledger_entries GROUP BY user_id) l
        ON l.user_id = w.user_id
     WHERE coalesce(w.balance, 0) <> coalesce(l.total, 0) OR w.balance < 0`,
  // 5. Never a CONFIRMED hold without its payment, never a payment without its CONFIRMED
  // hold, or its REFUNDED hold once the payment was refunded.
  'confirmed holds and payments match': `
    SELECT h.hold_id, h.status, p.payment_id, r.refund_id
      FROM ${s}.holds h
      FULL JOIN ${s}.payments p ON p.hold_id = h.hold_id
      LEFT JOIN ${s}.refunds r ON r.payment_id = p.payment_id
     WHERE (h.status IN ('CONFIRMED', 'REFUNDED')) IS DISTINCT FROM (p.payment_id IS NOT NULL)
        OR p.payment_id IS DISTINCT FROM h.payment_id
        OR (p.payment_id IS NOT NULL AND (h.status = 'REFUNDED') <> (r.refund_id IS NOT NULL))`,
  // 11. Every refund has its REFUND entry of its amount, and every REFUND entry its refund.
  'refunds and REFUND entries match': `
    SELECT r.refund_id, r.amount, l.amount AS entry_amount
      FROM ${s}.refunds r
      FULL JOIN (SELECT * FROM ${s}.ledger_entries WHERE kind = 'REFUND') l ON l.payment_id = r.payment_id
     WHERE r.refund_id IS NULL OR l.entry_id IS NULL OR l.amount <> r.amount`,
  // 11. Per schedule, the payments not refunded add up to the prices of its SOLD seats.
  'unrefunded payments add up to the sold seats': `
    SELECT coalesce(p.schedule_id, h.schedule_id) AS schedule_id, p.unrefunded, h.sold
      FROM (SELECT pay.schedule_id, sum(pay.amount) AS unrefunded FROM ${s}.payments pay
             WHERE NOT EXISTS (SELECT 1 FROM ${s}.refunds r WHERE r.payment_id = pay.payment_id)
             GROUP BY pay.schedule_id) p
      FULL JOIN (SELECT st.schedule_id, sum(st.price) AS sold FROM ${s}.seats st
                  WHERE st.claimed_until = 'infinity' GROUP BY st.schedule_id) h ON h.schedule_id = p.schedule_id
     WHERE coalesce(p.unrefunded, 0) <> coalesce(h.sold, 0)`,
  // 9. A refund key made exactly one refund.
  'refund keys and requested refunds match': `
    SELECT k.user_id, k.idempotency_key, r.refund_id
      FROM (SELECT * FROM ${s}.idempotency_keys WHERE operation = 'refund') k
      FULL JOIN (SELECT * FROM ${s}.refunds WHERE reason = 'REQUESTED') r ON r.refund_id = k.result_id
     WHERE k.result_id IS NULL OR r.refund_id IS NULL`,
  // 5. Never a debit without a payment, never a payment without its debit.
  'payments and PAYMENT entries match': `
    SELECT p.payment_id, p.amount, l.amount AS entry_amount
      FROM ${s}.payments p
      FULL JOIN (SELECT * FROM ${s}.ledger_entries WHERE kind = 'PAYMENT') l ON l.payment_id = p.payment_id
     WHERE p.payment_id IS NULL OR l.entry_id IS NULL OR l.amount <> -p.amount`,
  // 2. A seat is sold at most once.
  'a seat is sold at most once': `
    SELECT seat_id, count(*) FROM ${s}.holds WHERE status = 'CONFIRMED' GROUP BY seat_id HAVING count(*) > 1`,
  // 1. At most one claim per seat at any instant: HELD periods and sales never overlap.
  'claims on a seat never overlap': `
    SELECT a.hold_id, b.hold_id AS other
      FROM ${s}.holds a JOIN ${s}.holds b ON a.seat_id = b.seat_id AND a.hold_id < b.hold_id
     WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')
       AND tstzrange(a.created_at, CASE WHEN a.status = 'CONFIRMED' THEN NULL ELSE a.expires_at END)
        && tstzrange(b.created_at, CASE WHEN b.status = 'CONFIRMED' THEN NULL ELSE b.expires_at END)`,
  // 9. A pay key made exactly one payment, and every payment has its key.
  'pay keys and payments match': `
    SELECT k.user_id, k.idempotency_key, p.payment_id
      FROM (SELECT * FROM ${s}.idempotency_keys WHERE operation = 'pay') k
      FULL JOIN ${s}.payments p ON p.payment_id = k.result_id
     WHERE k.result_id IS NULL OR p.payment_id IS NULL`,
})

/** Every broken invariant with the rows that break it; `{}` when all hold. */
export async function brokenInvariants(pool: pg.Pool, schema: string): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {}
  for (const [name, sql] of Object.entries(checks(`"${schema}"`))) {
    const { rows } = await pool.query(sql)
    if (rows.length > 0) broken[name] = rows
  }
  return broken
}
