import Fastify from 'fastify'
import type { Redis } from 'ioredis'
import type { ExampleServer } from './example-app.js'

/**
 * The HTTP baseline: a bare Fastify route shaped like the status poll (same
 * path and headers) that runs one ZRANK and answers the rank. No validation,
 * no token record, no heartbeat: what the fastest possible poll costs.
 */
export function createBareZrankServer(client: Redis, waitingKey: string): ExampleServer {
  const app = Fastify({ logger: false })
  app.get('/queue/tokens/current', async (request, reply) => {
    const token = request.headers['queue-token']
    if (typeof token !== 'string') return reply.code(401).send({ error: { type: 'MissingQueueToken' } })
    const rank = await client.zrank(waitingKey, token)
    if (rank === null) return reply.code(404).send({ error: { type: 'TokenNotFound' } })
    return { token, rank: rank + 1 }
  })
  return {
    start: async ({ port, host }) => {
      await app.listen({ port, host })
      const address = app.server.address()
      if (address === null || typeof address === 'string') throw new Error('the bare server is not on TCP')
      return `http://${host}:${address.port}`
    },
    stop: () => app.close(),
  }
}
