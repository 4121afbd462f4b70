import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import Fastify, { type FastifyRequest } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import boxoffice from '../src/index.js'

const box = createBoxOffice(createMemoryStores())
const identified: string[] = []
const app = Fastify()

beforeAll(async () => {
  // The host's own routes, registered next to the plugin: they keep Fastify's JSON parser and 404.
  app.post('/host/echo', async (request) => ({ echoed: request.body }))
  await app.register(boxoffice, {
    box,
    prefix: '/api',
    identify: async (request: FastifyRequest) => {
      identified.push(request.url)
      const session = request.headers['x-session']
      if (session === 'broken') throw new Error('the session store is down')
      return session === 'session-ada' ? 'ada' : undefined
    },
  })
  await app.ready()
})
afterAll(() => app.close())

const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })

describe('the boxoffice Fastify plugin', () => {
  it('serves the API under its prefix, the caller named by the host identify hook', async () => {
    const charged = await call('POST', '/api/wallet/charges', { 'x-session': 'session-ada' }, { amount: 40 })
    expect(charged.statusCode).toBe(200)
    expect(charged.json()).toEqual({ balance: 40 })
    expect((await box.wallet.balance({ userId: 'ada' }))._unsafeUnwrap()).toBe(40)
    expect((await call('GET', '/wallet', { 'x-session': 'session-ada' })).statusCode).toBe(404)
  })

  it('answers 401 MissingIdentity when identify names nobody, and 500 when it throws', async () => {
    const anonymous = await call('GET', '/api/wallet')
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ error: { type: 'MissingIdentity' } })
    const broken = await call('GET', '/api/wallet', { 'x-session': 'broken' })
    expect(broken.statusCode).toBe(500)
    expect(broken.json()).toEqual({ error: { type: 'InternalError', message: 'the server failed unexpectedly' } })
  })

  it('runs identify only on routes that act for a user', async () => {
    identified.length = 0
    expect((await call('GET', '/api/concerts')).statusCode).toBe(200)
    expect((await call('GET', '/api/health')).statusCode).toBe(200)
    expect(identified).toEqual([])
    await call('GET', '/api/wallet', { 'x-session': 'session-ada' })
    expect(identified).toEqual(['/api/wallet'])
  })

  it('keeps its body reader, checks and not-found answer to itself', async () => {
    const echoed = await call('POST', '/host/echo', {}, { any: 'json' })
    expect(echoed.json()).toEqual({ echoed: { any: 'json' } })
    const unknownHost = await call('GET', '/host/nowhere')
    expect(unknownHost.statusCode).toBe(404)
    expect(unknownHost.json()).not.toHaveProperty('error.type')
    const unknownApi = await call('GET', '/api/nowhere')
    expect(unknownApi.statusCode).toBe(404)
    expect(unknownApi.json()).toEqual({
      error: { type: 'RouteNotFound', message: 'no route GET /api/nowhere', method: 'GET', path: '/api/nowhere' },
    })
  })

  it('serves its OpenAPI document with the prefix as the server URL', async () => {
    const document = (await call('GET', '/api/openapi.json')).json<{ servers: unknown; paths: object }>()
    expect(document.servers).toEqual([{ url: '/api' }])
    expect(Object.keys(document.paths)).toContain('/payments')
  })
})
