import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  apiRoutes,
  BODY_ERRORS,
  createApiContext,
  defineRoute,
  EDGE_ERRORS,
  errorStatus,
  openApiDocument,
  readUserId,
  reply,
  respond,
  toErrorReply,
  type ApiErrorType,
} from '../src/index.js'

interface Media {
  readonly schema: {
    readonly type?: string
    readonly properties?: Record<string, Media['schema']>
    readonly enum?: string[]
  }
  readonly example?: unknown
}
interface Operation {
  readonly operationId: string
  readonly security?: readonly Record<string, readonly string[]>[]
  readonly requestBody?: { readonly content: { readonly 'application/json': Media } }
  readonly responses: Record<
    string,
    { readonly headers?: Record<string, unknown>; readonly content?: { readonly 'application/json': Media } }
  >
}

const document = openApiDocument()
const operationOf = (method: string, path: string): Operation => {
  const item = document.paths?.[path.replace(/:([A-Za-z]+)/g, '{$1}')] as Record<string, Operation> | undefined
  const operation = item?.[method.toLowerCase()]
  if (operation === undefined) throw new Error(`${method} ${path} is not in the document`)
  return operation
}
const errorTypesOf = (media: Media | undefined): string[] =>
  media?.schema.properties?.['error']?.properties?.['type']?.enum ?? []

describe('each operation of the OpenAPI document', () => {
  it.each(apiRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: one error response per status of its declared errors, its type an enum of exactly those',
    (_name, route) => {
      const operation = operationOf(route.method, route.path)
      const expected = new Map<string, ApiErrorType[]>()
      for (const type of route.errors) {
        const status = String(errorStatus(type))
        expected.set(status, [...(expected.get(status) ?? []), type])
      }
      const documented = Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => [status, errorTypesOf(response.content?.['application/json']).sort()])
      expect(Object.fromEntries(documented)).toEqual(
        Object.fromEntries([...expected].map(([status, types]) => [status, [...types].sort()])),
      )
      // The edge's refusals apply to every route, the body's to every route with one.
      expect(route.errors).toEqual(expect.arrayContaining([...EDGE_ERRORS]))
      if (operation.requestBody !== undefined) expect(route.errors).toEqual(expect.arrayContaining([...BODY_ERRORS]))
    },
  )

  it.each(apiRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: declares its security, and the response headers the error mapping sets',
    (_name, route) => {
      const operation = operationOf(route.method, route.path)
      const security = { user: [{ user: [] }], viewer: [{ user: [] }, {}], admin: [{ adminBearer: [] }], public: [] }
      expect(operation.security).toEqual(security[route.auth])
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const type of errorTypesOf(response.content?.['application/json'])) {
          const headers = toErrorReply({ type, message: '' } as Parameters<typeof toErrorReply>[0]).headers ?? {}
          const names = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase())
          expect(names, `${status} ${type}`).toEqual(expect.arrayContaining(Object.keys(headers)))
        }
      }
    },
  )

  it.each(apiRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: its request and success examples pass the very schemas the route validates and answers with',
    (_name, route) => {
      // The operation is built from zod schemas, so each example is checked with the zod schema itself.
      const operation = route.operation as unknown as Operation
      const body = operation.requestBody?.content['application/json'] as unknown as
        { schema: z.ZodType; example?: unknown } | undefined
      if (body !== undefined) {
        expect(body.example, 'a request example').toBeDefined()
        expect(body.schema.safeParse(body.example).error).toBeUndefined()
      }
      const [success] = Object.entries(operation.responses).filter(([status]) => Number(status) < 300)
      const media = success?.[1].content?.['application/json'] as unknown as
        { schema: z.ZodType; example?: unknown } | undefined
      if (media !== undefined && route.path !== '/openapi.json') {
        expect(media.example, 'a response example').toBeDefined()
        expect(media.schema.safeParse(media.example).error).toBeUndefined()
      }
    },
  )

  it('names every operation once', () => {
    const ids = apiRoutes.map((route) => operationOf(route.method, route.path).operationId)
    expect(new Set(ids).size).toBe(apiRoutes.length)
  })

  it('describes where the API is mounted and how callers authenticate, as the host configures it', () => {
    const mounted = openApiDocument({
      prefix: '/api',
      userSecurity: { type: 'apiKey', in: 'header', name: 'X-User-Id' },
    })
    expect(mounted.servers).toEqual([{ url: '/api' }])
    expect(mounted.components?.securitySchemes?.['user']).toEqual({ type: 'apiKey', in: 'header', name: 'X-User-Id' })
    expect(document.components?.securitySchemes?.['user']).toMatchObject({ type: 'http', scheme: 'bearer' })
  })
})

describe('defineRoute', () => {
  const box = createBoxOffice(createMemoryStores())

  it('refuses, at compile time, a handler that can answer an error type the route does not declare', async () => {
    const route = defineRoute({
      method: 'GET',
      path: '/wallet',
      auth: 'user',
      operationId: 'undeclared',
      summary: 'A balance route that forgot StoreUnavailable',
      tag: 'wallet',
      success: { status: 200, description: 'The balance.' },
      errors: ['ValidationFailed', 'MissingIdentity'],
      example: {},
      handle: (request, { box }) =>
        // @ts-expect-error the balance can fail with StoreUnavailable, which `errors` leaves out
        respond(
          readUserId(request).asyncAndThen((userId) => box.wallet.balance({ userId })),
          (balance) => reply(200, { balance }),
        ),
    })
    // Compiled anyway (tests run without type-checking), it still answers; the document lists what it declared.
    const answer = await route.handle(
      { headers: {}, params: {}, body: undefined, userId: 'ada' },
      createApiContext({ box }),
    )
    expect(answer).toEqual({ status: 200, body: { balance: 0 } })
    expect(route.errors).toEqual(expect.arrayContaining(['ValidationFailed', 'MissingIdentity']))
    expect(route.errors).not.toContain('StoreUnavailable')
  })
})
