import {
  amountSchema,
  idempotencyKeySchema,
  idSchema,
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

const userId = idSchema.meta({
  description: 'The caller, as the host application authenticated them.',
  example: 'user-42',
})
const queueToken = tokenSchema.meta({ description: 'The queue token POST /queue/tokens issued.' })
const idempotencyKey = idempotencyKeySchema.meta({
  description: 'Any unique string (a UUID): a retry with the same key returns the first result.',
  example: 'c1b6f3d2-checkout-1',
})

export const userHeaders = z.object({ 'X-User-Id': userId })
export const tokenHeaders = z.object({ 'X-User-Id': userId, 'Queue-Token': queueToken })
export const chargeHeaders = z.object({ 'X-User-Id': userId, 'Idempotency-Key': idempotencyKey.optional() })
export const paymentHeaders = z.object({
  'X-User-Id': userId,
  'Queue-Token': queueToken,
  'Idempotency-Key': idempotencyKey,
})
export const concertParams = z.strictObject({ concertId: idSchema })
export const scheduleParams = z.strictObject({ scheduleId: idSchema })
export const holdParams = z.strictObject({ holdId: idSchema })

export const enterBody = z.strictObject({ concertId: idSchema }).meta({ id: 'EnterQueueBody' })
export const holdBody = z.strictObject({ scheduleId: idSchema, seatNo: seatNoSchema }).meta({ id: 'HoldBody' })
export const chargeBody = z
  .strictObject({ amount: amountSchema.meta({ description: 'Whole points to add.', example: 100_000 }) })
  .meta({ id: 'ChargeBody' })
export const payBody = z.strictObject({ holdId: idSchema }).meta({ id: 'PayBody' })
const saleInstant = z.iso.datetime({ offset: true })
export const createConcertBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    salesOpenAt: saleInstant.optional().meta({ description: 'Before it, people gather PRE_QUEUED.' }),
    salesCloseAt: saleInstant.optional().meta({ description: 'From it on, nobody enters (410 SaleClosed).' }),
  })
  .meta({ id: 'CreateConcertBody' })
export const scheduleSaleBody = z
  .strictObject({ salesOpenAt: saleInstant, salesCloseAt: saleInstant.nullable().optional() })
  .meta({ id: 'ScheduleSaleBody' })
const limit = wholeNumber(1, 1_000_000_000).nullable().optional()
export const lineLimitsBody = z
  .strictObject({
    maxActive: limit.meta({ description: 'Most ACTIVE tokens at once; null: back to the policy.' }),
    admitPerTick: limit.meta({ description: 'Most admitted per tick; null: back to the policy.' }),
  })
  .meta({ id: 'LineLimitsBody' })
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
        .array(z.strictObject({ seatNo: seatNoSchema, price: pointsSchema }))
        .min(1)
        .max(MAX_SEATS_PER_SCHEDULE)
        .meta({ description: 'Listed seats, each with its own price.' }),
    }),
  ])
  .meta({ id: 'AddScheduleBody' })
