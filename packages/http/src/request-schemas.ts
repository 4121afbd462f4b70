import {
  amountSchema,
  idempotencyKeySchema,
  idSchema,
  MAX_SEATS_PER_HOLD,
  MAX_SEATS_PER_SCHEDULE,
  pointsSchema,
  seatNoSchema,
  tokenSchema,
  wholeNumber,
} from '@boxoffice/core'
import { z } from 'zod'

/*
 * What each route accepts, built from the core's own schema fragments so the
 * HTTP edge and the library agree on every id, key and amount. Header and
 * param schemas are keyed by the names clients send, so a validation error
 * names the header (`Idempotency-Key`) and the OpenAPI document lists them.
 */

const queueToken = tokenSchema.meta({
  description: 'The queue token POST /queue/tokens issued.',
  example: 'c-2030-gala~01J9ZK6Q4T',
})
const idempotencyKey = idempotencyKeySchema.meta({
  description: 'Any unique string (a UUID): a retry with the same key returns the first result.',
  example: 'c1b6f3d2-checkout-1',
})
const example = (value: string) => idSchema.meta({ example: value })

/** Routes that need only the caller: who calls comes from the host's `identify` hook, not from a header. */
export const userHeaders = z.object({})
/** Gated routes: the caller's queue token. */
export const tokenHeaders = z.object({ 'Queue-Token': queueToken })
/** A charge: an optional idempotency key. */
export const chargeHeaders = z.object({ 'Idempotency-Key': idempotencyKey.optional() })
/** A payment: the queue token and a required idempotency key. */
export const paymentHeaders = z.object({ 'Queue-Token': queueToken, 'Idempotency-Key': idempotencyKey })
/** `:concertId` in a path. */
export const concertParams = z.strictObject({ concertId: example('c-2030-gala') })
/** `:scheduleId` in a path. */
export const scheduleParams = z.strictObject({ scheduleId: example('s-2030-05-01') })
/** A refund: a required idempotency key. */
export const refundHeaders = z.object({ 'Idempotency-Key': idempotencyKey })
/** `:paymentId` in a path. */
export const paymentParams = z.strictObject({ paymentId: example('p-01J9ZK8C3N') })
/** `:holdId` in a path. */
export const holdParams = z.strictObject({ holdId: example('h-01J9ZK7B2M') })

/** POST /queue/tokens. */
export const enterBody = z.strictObject({ concertId: idSchema }).meta({ id: 'EnterQueueBody' })
/** POST /holds. */
export const holdBody = z
  .strictObject({
    scheduleId: idSchema,
    seatNo: seatNoSchema.optional().meta({ description: 'One seat.' }),
    seatNos: z
      .array(seatNoSchema)
      .min(1)
      .max(MAX_SEATS_PER_HOLD)
      .optional()
      .meta({ description: 'Several distinct seats, held all or nothing (at most hold.maxSeatsPerHold).' }),
    count: wholeNumber(1, MAX_SEATS_PER_HOLD)
      .optional()
      .meta({ description: 'Best available: how many seats the server picks, side by side in one row.' }),
    maxPrice: pointsSchema.optional().meta({ description: 'With count: the highest price of one seat.' }),
    allowSplit: z
      .boolean()
      .optional()
      .meta({ description: 'With count: take seats apart when no adjacent block exists.' }),
  })
  .superRefine((body, ctx) => {
    const given = (['seatNo', 'seatNos', 'count'] as const).filter((field) => body[field] !== undefined)
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['seatNo'], message: 'give exactly one of seatNo, seatNos or count' })
    }
    for (const field of ['maxPrice', 'allowSplit'] as const) {
      if (body[field] !== undefined && body.count === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} goes with count (best available)` })
      }
    }
  })
  .meta({
    id: 'HoldBody',
    description: 'Exactly one of `seatNo`, `seatNos` or `count` (best available, with `maxPrice` and `allowSplit`).',
  })
/** POST /wallet/charges. */
export const chargeBody = z
  .strictObject({ amount: amountSchema.meta({ description: 'Whole points to add.', example: 100_000 }) })
  .meta({ id: 'ChargeBody' })
/** POST /payments. */
export const payBody = z.strictObject({ holdId: idSchema }).meta({ id: 'PayBody' })
/** POST /admin/concerts. */
const saleInstant = z.iso.datetime({ offset: true })
/** POST /admin/concerts: a title and an optional sale window. */
export const createConcertBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    salesOpenAt: saleInstant.optional().meta({ description: 'Before it, people gather PRE_QUEUED.' }),
    salesCloseAt: saleInstant.optional().meta({ description: 'From it on, nobody enters (410 SaleClosed).' }),
  })
  .meta({ id: 'CreateConcertBody' })
/** POST /admin/concerts/:concertId/sale. */
export const scheduleSaleBody = z
  .strictObject({ salesOpenAt: saleInstant, salesCloseAt: saleInstant.nullable().optional() })
  .meta({ id: 'ScheduleSaleBody' })
const limit = wholeNumber(1, 1_000_000_000).nullable().optional()
/** POST /admin/concerts/:concertId/line/limits. */
export const lineLimitsBody = z
  .strictObject({
    maxActive: limit.meta({ description: 'Most ACTIVE tokens at once; null: back to the policy.' }),
    admitPerTick: limit.meta({ description: 'Most admitted per tick; null: back to the policy.' }),
  })
  .meta({ id: 'LineLimitsBody' })
/** POST /admin/concerts/:concertId/schedules. */
export const addScheduleBody = z
  .union([
    z.strictObject({
      startsAt: z.iso.datetime({ offset: true }),
      seats: wholeNumber(1, MAX_SEATS_PER_SCHEDULE).meta({ description: 'Seats 1..N, all at `price`.' }),
      price: pointsSchema,
    }),
    z.strictObject({
      startsAt: z.iso.datetime({ offset: true }),
      seats: z
        .array(
          z.strictObject({
            seatNo: seatNoSchema,
            price: pointsSchema,
            row: z.string().trim().min(1).max(40).optional().meta({ description: 'The row label, e.g. "A".' }),
          }),
        )
        .min(1)
        .max(MAX_SEATS_PER_SCHEDULE)
        .meta({ description: 'Listed seats, each with its own price and optionally its row.' }),
    }),
  ])
  .meta({ id: 'AddScheduleBody' })

/** POST /admin/schedules/:scheduleId/cancel: how many payments this call may refund. */
export const cancelScheduleBody = z
  .strictObject({
    limit: wholeNumber(1, 100_000)
      .optional()
      .meta({ description: 'Most refunds of this call; default refund.cancelBatch.' }),
  })
  .meta({ id: 'CancelScheduleBody' })
