import { idempotencyKeySchema, idSchema, tokenSchema } from '@boxoffice/core'
import fc from 'fast-check'
import type { z } from 'zod'
import type { CallOptions } from './http-client.ts'

/** What a route needs to be called validly; the fuzz then breaks it. */
export interface FuzzRoute {
  readonly method: 'GET' | 'POST' | 'DELETE'
  /** As mounted: `/concerts/:concertId/dates`. */
  readonly path: string
  readonly user?: string
  readonly token?: string
  readonly payKey?: string
  readonly chargeKey?: boolean
  readonly adminToken?: string
  /** Valid values of the path parameters. */
  readonly params?: Readonly<Record<string, string>>
  readonly body?: { readonly schema: z.ZodType; readonly valid: Readonly<Record<string, unknown>> }
}

export type Defect =
  | 'noUser'
  | 'badUser'
  | 'noToken'
  | 'badToken'
  | 'noPayKey'
  | 'badPayKey'
  | 'badChargeKey'
  | 'badParam'
  | 'notJson'
  | 'wrongBody'
  | 'noBody'
  | 'tooLarge'
  | 'plainText'
  | 'noAdmin'
  | 'badAdmin'

/** Every defect that guarantees this route refuses the request. */
export function defectsOf(route: FuzzRoute): Defect[] {
  return [
    ...(route.user === undefined ? [] : (['noUser', 'badUser'] as const)),
    ...(route.token === undefined ? [] : (['noToken', 'badToken'] as const)),
    ...(route.payKey === undefined ? [] : (['noPayKey', 'badPayKey'] as const)),
    ...(route.chargeKey === true ? (['badChargeKey'] as const) : []),
    ...(route.params === undefined ? [] : (['badParam'] as const)),
    ...(route.body === undefined ? [] : (['notJson', 'wrongBody', 'noBody', 'tooLarge', 'plainText'] as const)),
    ...(route.adminToken === undefined ? [] : (['noAdmin', 'badAdmin'] as const)),
  ]
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
})
/** Header text a schema refuses even after HTTP trims its surrounding spaces (and not empty: that reads as absent). */
const refusedBy = (schema: z.ZodType) =>
  printable.filter((text) => text.trim() !== '' && !schema.safeParse(text.trim()).success)
const badId = refusedBy(idSchema)
const badToken = refusedBy(tokenSchema)
const badKey = refusedBy(idempotencyKeySchema)
const notJson = fc.string({ maxLength: 200 }).filter((text) => {
  try {
    JSON.parse(text)
    return false
  } catch {
    return true
  }
})
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null')

/** Bodies the route's schema refuses: anything at all, a valid body with one field spoiled, or with a field too many. */
function wrongBody(body: NonNullable<FuzzRoute['body']>): fc.Arbitrary<unknown> {
  const keys = Object.keys(body.valid)
  return fc
    .oneof(
      fc.jsonValue(),
      fc
        .record({ key: fc.constantFrom(...keys), value: fc.jsonValue() })
        .map(({ key, value }) => ({ ...body.valid, [key]: value })),
      fc
        .record({ key: fc.string({ minLength: 1, maxLength: 20 }), value: fc.jsonValue() })
        .map(({ key, value }) =>
          keys.includes(key) ? { ...body.valid, [key]: null } : { ...body.valid, [key]: value },
        ),
    )
    .filter((value) => !body.schema.safeParse(roundTrip(value)).success)
}

export interface FuzzRequest {
  readonly method: string
  readonly path: string
  readonly options: CallOptions
  readonly defects: readonly Defect[]
}

/** A request to `route` carrying at least one defect; everything else about it is valid. */
export function defectiveRequest(route: FuzzRoute, bodyLimitBytes: number): fc.Arbitrary<FuzzRequest> {
  const applicable = defectsOf(route)
  return fc
    .record({
      defects: fc.subarray(applicable, { minLength: 1 }),
      id: badId,
      token: badToken,
      key: badKey,
      json: notJson,
      text: fc.string({ minLength: 1, maxLength: 200 }),
      wrong: route.body === undefined ? fc.constant(null) : wrongBody(route.body),
      padding: fc.integer({ min: 1, max: 4_096 }),
    })
    .map(({ defects, id, token, key, json, text, wrong, padding }) => {
      const has = (defect: Defect): boolean => defects.includes(defect)
      const headers: Record<string, string> = {}
      if (route.user !== undefined && !has('noUser')) headers['x-user-id'] = has('badUser') ? id : route.user
      if (route.token !== undefined && !has('noToken')) headers['queue-token'] = has('badToken') ? token : route.token
      if (route.payKey !== undefined && !has('noPayKey'))
        headers['idempotency-key'] = has('badPayKey') ? key : route.payKey
      if (has('badChargeKey')) headers['idempotency-key'] = key
      if (route.adminToken !== undefined && !has('noAdmin')) {
        headers['authorization'] = `Bearer ${has('badAdmin') ? `${route.adminToken}x` : route.adminToken}`
      }
      const path = Object.entries(route.params ?? {}).reduce(
        (built, [name, value]) => built.replace(`:${name}`, encodeURIComponent(has('badParam') ? id : value)),
        route.path,
      )
      let options: CallOptions = { headers }
      if (route.body !== undefined && !has('noBody')) {
        if (has('tooLarge')) {
          options = { headers, json: { ...route.body.valid, padding: 'x'.repeat(bodyLimitBytes + padding) } }
        } else if (has('notJson')) options = { headers, raw: json, contentType: 'application/json' }
        else if (has('plainText')) options = { headers, raw: text, contentType: 'text/plain' }
        else if (has('wrongBody'))
          options = { headers, raw: JSON.stringify(wrong) ?? 'null', contentType: 'application/json' }
        else options = { headers, json: route.body.valid }
      }
      return { method: route.method, path, options, defects }
    })
}

/** The same route called validly: the positive control of the fuzz. */
export function validRequest(route: FuzzRoute): FuzzRequest {
  const headers: Record<string, string> = {}
  if (route.user !== undefined) headers['x-user-id'] = route.user
  if (route.token !== undefined) headers['queue-token'] = route.token
  if (route.payKey !== undefined) headers['idempotency-key'] = route.payKey
  if (route.adminToken !== undefined) headers['authorization'] = `Bearer ${route.adminToken}`
  const path = Object.entries(route.params ?? {}).reduce(
    (built, [name, value]) => built.replace(`:${name}`, encodeURIComponent(value)),
    route.path,
  )
  return {
    method: route.method,
    path,
    options: route.body === undefined ? { headers } : { headers, json: route.body.valid },
    defects: [],
  }
}
