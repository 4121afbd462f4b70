/*
 * Every adapter writes cursors in one shape: two 64-bit unsigned numbers as
 * 16 lowercase hex digits each, `<major>-<minor>`. Memory: 0 and its log
 * position; Postgres: the writing transaction's id and the row's sequence;
 * a Redis stream would use its entry id's milliseconds and sequence. Fixed width makes
 * the string order the stream order, so a client may compare cursors as
 * strings; otherwise they are opaque.
 */

/** A cursor as it is written: `<16 hex>-<16 hex>`. */
export const EVENT_CURSOR: RegExp = /^[0-9a-f]{16}-[0-9a-f]{16}$/

const MAX = (1n << 64n) - 1n

/** The cursor of (major, minor); both 0..2^64-1. */
export function encodeEventCursor(major: bigint, minor: bigint): string {
  if (major < 0n || minor < 0n || major > MAX || minor > MAX) throw new RangeError('cursor part out of range')
  return `${major.toString(16).padStart(16, '0')}-${minor.toString(16).padStart(16, '0')}`
}

/** (major, minor) of a cursor that matches {@link EVENT_CURSOR}. */
export function decodeEventCursor(cursor: string): { readonly major: bigint; readonly minor: bigint } {
  return { major: BigInt(`0x${cursor.slice(0, 16)}`), minor: BigInt(`0x${cursor.slice(17, 33)}`) }
}
