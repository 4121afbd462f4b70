/** What a ledger entry records: points added, spent on a seat, or given back. */
export type LedgerKind = 'CHARGE' | 'PAYMENT' | 'REFUND'

/**
 * One movement of points. `amount` is signed (a PAYMENT is negative), so a
 * balance always equals the sum of its entries; `balanceAfter` is the balance
 * right after this entry.
 */
export interface LedgerEntry {
  readonly entryId: string
  readonly userId: string
  readonly kind: LedgerKind
  readonly amount: number
  readonly balanceAfter: number
  readonly at: Date
  /** The payment this entry belongs to, for PAYMENT and REFUND entries. */
  readonly paymentId: string | null
  readonly idempotencyKey: string | null
}

/** What a charge answers: the balance right after it, and its ledger entry. */
export interface ChargeReceipt {
  readonly balance: number
  readonly entry: LedgerEntry
}
