/**
 * Memory per WAITING token, measured on a private redis-server (nothing else
 * writes there, so INFO memory deltas are the queue's alone).
 *
 *   pnpm --filter @boxoffice/adapter-redis exec tsx scripts/measure-memory.ts [tokens]
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { defaultPolicy } from '@boxoffice/core'
import { composeToken } from '@boxoffice/core/adapter'
import { Redis } from 'ioredis'
import { createRedisQueueStore } from '../src/index.js'
import { queueKeyspace } from '../src/queue-keys.js'

const TOKENS = Number(process.argv[2] ?? 100_000)
const PORT = 20_000 + Math.floor(Math.random() * 20_000)
const BATCH = 2_000

const dir = await mkdtemp(join(tmpdir(), 'boxoffice-redis-memory-'))
const server = spawn(
  'redis-server',
  ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  {
    stdio: 'ignore',
  },
)
try {
  const redis = new Redis({ host: '127.0.0.1', port: PORT, retryStrategy: (times) => (times > 100 ? null : 50) })
  // the server may still be starting: refused connections are retried
  redis.on('error', () => undefined)
  await redis.ping()
  const usedMemory = async (): Promise<number> => {
    await sleep(200)
    const info = await redis.info('memory')
    return Number(/used_memory:(\d+)/.exec(info)?.[1])
  }
  const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1]
  const queue = createRedisQueueStore({ client: redis })
  const concertId = randomUUID()
  const policy = defaultPolicy.queue
  const now = new Date()
  // one enter first, so the per-concert keys (seq counter, registry) are not counted per token
  await queue.enter({ token: composeToken(concertId, randomUUID()), userId: randomUUID(), concertId, now, policy })
  const before = await usedMemory()
  for (let done = 1; done < TOKENS; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, TOKENS - done) }, () =>
      queue.enter({ token: composeToken(concertId, randomUUID()), userId: randomUUID(), concertId, now, policy }),
    )
    for (const result of await Promise.all(batch)) if (result.isErr()) throw new Error(result.error.message)
  }
  const after = await usedMemory()
  const line = queueKeyspace('boxoffice:queue').concert(concertId)
  const keys = [line.tokens, line.users, line.waiting, line.heartbeats, line.active, line.line, line.ticks]
  const perKey = await Promise.all(
    keys.map(async (key) => ({ key, bytes: Number(await redis.memory('USAGE', key, 'SAMPLES', '0')) })),
  )
  const encodings = await Promise.all(
    keys.slice(0, 4).map(async (key) => `${key.split(':').at(-1)}=${await redis.object('ENCODING', key)}`),
  )
  const total = perKey.reduce((sum, { bytes }) => sum + bytes, 0)
  console.log(`redis ${version}, ${TOKENS} WAITING tokens of one concert (uuid user ids and token ids)`)
  console.log(
    `INFO memory used_memory delta: ${after - before} bytes = ${((after - before) / (TOKENS - 1)).toFixed(0)} bytes/token`,
  )
  for (const { key, bytes } of perKey) console.log(`  MEMORY USAGE ${key} SAMPLES 0: ${bytes}`)
  console.log(`MEMORY USAGE sum: ${total} bytes = ${(total / TOKENS).toFixed(0)} bytes/token; ${encodings.join(' ')}`)

  // the same tokens once admitted: one tick over the whole line (fine on a private server)
  const wide = { ...policy, maxActive: TOKENS, admitPerTick: TOKENS }
  const admitted = await queue.admit({ concertId, now, policy: wide })
  if (admitted.isErr()) throw new Error(admitted.error.message)
  const activeUsage = await Promise.all(
    keys.map(async (key) => Number(await redis.memory('USAGE', key, 'SAMPLES', '0'))),
  )
  const activeTotal = activeUsage.reduce((sum, bytes) => sum + bytes, 0)
  console.log(
    `after admitting all ${admitted.value.admitted}: MEMORY USAGE sum ${activeTotal} bytes = ${(activeTotal / TOKENS).toFixed(0)} bytes/ACTIVE token`,
  )
  redis.disconnect()
} finally {
  server.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
}
