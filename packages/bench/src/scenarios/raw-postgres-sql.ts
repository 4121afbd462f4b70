import { createHash } from 'node:crypto'

/*
 * The SQL @boxoffice/adapter-postgres sends for one hold, charge and payment,
 * copied from its source (booking/hold-store.ts, wallet-store.ts,
 * payment-store.ts): one statement each, calls of the place_hold function of
 * its migration 0004 and of charge_wallet and pay_hold of 0007. The raw baseline
 * sends exactly these texts; the Postgres scenario records what the adapter
 * really sends and fails its "same SQL" check if the two drift apart.
 */

/** A named statement, named as the adapter names it, so both sides share one server-side plan per connection. */
export interface RawStatement {
  readonly name: string
  readonly text: string
}

const named = (text: string): RawStatement => ({
  name: `boxoffice_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
  text,
})

export type RawSql = ReturnType<typeof rawSql>

/** `s` is the quoted schema, as the adapter embeds it. */
export function rawSql(s: string) {
  return {
    // The whole hold in one statement: the adapter's place_hold function (its migration 0004).
    holdSeat: named(`SELECT * FROM ${s}.place_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    // Best available in one statement: the adapter's hold_best_seats function (migration 0004).
    holdBest: named(`SELECT * FROM ${s}.hold_best_seats($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
    // A keyed charge in one statement: the adapter's charge_wallet function (migration 0007).
    chargeKeyed: named(`SELECT * FROM ${s}.charge_wallet($1, $2, $3, $4, $5, $6, $7)`),
    // The whole payment in one statement: the adapter's pay_hold function (migration 0007).
    pay: named(`SELECT * FROM ${s}.pay_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
  }
}

/** The advisory-lock namespace the adapter derives from the quoted schema (32-bit FNV-1a). */
export function holdLockNamespace(quotedSchema: string): number {
  let hash = 0x811c9dc5
  for (const char of `boxoffice:holds:${quotedSchema}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return hash | 0
}
