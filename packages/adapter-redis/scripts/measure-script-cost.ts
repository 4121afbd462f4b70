/**
 * What Redis spends per store call, measured on a private redis-server
 * (nothing else runs commands there, so `INFO commandstats` is the store's
 * alone). Fills one line, then runs enter and status straight on the store,
 * 64 calls in flight on one connection, next to a bare `ZRANK`.
 *
 *   pnpm --filter @boxoffice/adapter-redis exec tsx scripts/measure-script-cost.ts [tokens] [calls]
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultPolicy } from '@boxoffice/core'
import { composeToken } from '@boxoffice/core/adapter'
import { Redis } from 'ioredis'
import { createRedisQueueStore } from '../src/index.js'

const TOKENS = Number(process.argv[2] ?? 20_000)
const CALLS = Number(process.argv[3] ?? 50_000)
const IN_FLIGHT = 64
const PORT = 20_000 + Math.floor(Math.random() * 20_000)

/** Runs `call(i)` for i in 0..calls-1 with IN_FLIGHT calls outstanding; answers calls per second. */
async function closedLoop(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    while (next < calls) await call(next++)
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return calls / ((performance.now() - started) / 1000)
}

const serverCpu = async (redis: Redis): Promise<number> => {
  const info = await redis.info('cpu')
  return Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1])
}

/**
 * Calls per second of `work`, the CPU Redis and this process spent per call
 * (getrusage on both sides: protocol handling included), and the server µs
 * per call of each command it sent (`INFO commandstats`: execution only,
 * commands run by a script counted inside its EVALSHA too).
 */
async function measure(redis: Redis, calls: number, work: () => Promise<number>): Promise<string> {
  await redis.config('RESETSTAT')
  const cpuBefore = await serverCpu(redis)
  const clientBefore = process.cpuUsage()
  const rate = await work()
  const client = process.cpuUsage(clientBefore)
  const cpu = (await serverCpu(redis)) - cpuBefore
  const stats = (await redis.info('commandstats'))
    .split(/\r?\n/)
    .map((line) => /^cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !/^(info|config)/.test(match[1] ?? ''))
    .map(([, name, count, usec]) => `${name} ${(Number(usec) / Number(count)).toFixed(2)} µs x ${count}`)
  const perCall = (seconds: number): string => ((seconds * 1e6) / calls).toFixed(1)
  return [
    `${Math.round(rate).toLocaleString('en-US')} calls/s`,
    `Redis CPU ${perCall(cpu)} µs/call`,
    `client CPU ${perCall((client.user + client.system) / 1e6)} µs/call`,
    `\n    ${stats.join(', ')}`,
  ].join(', ')
}

const dir = await mkdtemp(join(tmpdir(), 'boxoffice-redis-cost-'))
const server = spawn(
  'redis-server',
  ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
)
try {
  const redis = new Redis({ host: '127.0.0.1', port: PORT, retryStrategy: (times) => (times > 100 ? null : 50) })
  redis.on('error', () => undefined)
  await redis.ping()
  const queue = createRedisQueueStore({ client: redis })
  const policy = { ...defaultPolicy.queue, waitingIdleTtlMs: 3_600_000 }
  const concertId = randomUUID()
  const now = (): Date => new Date()
  const tokens: string[] = []
  const enter = async (): Promise<void> => {
    const result = await queue.enter({
      token: composeToken(concertId, randomUUID()),
      userId: randomUUID(),
      concertId,
      now: now(),
      policy,
    })
    if (result.isErr()) throw new Error(result.error.message)
    tokens.push(result.value.token.token)
  }
  await closedLoop(TOKENS, enter)
  // a few ticks so status has an admission window to read
  for (let i = 0; i < 10; i++) await queue.admit({ concertId, now: now(), policy: { ...policy, admitPerTick: 10 } })

  console.log(`${TOKENS} WAITING tokens, ${CALLS} calls, ${IN_FLIGHT} in flight`)
  console.log(`enter:  ${await measure(redis, CALLS, () => closedLoop(CALLS, enter))}`)
  const status = async (i: number): Promise<void> => {
    const result = await queue.status({ token: tokens[(i * 7919) % tokens.length] ?? '', now: now(), policy })
    if (result.isErr() && result.error.type !== 'TokenNotFound') throw new Error(result.error.message)
  }
  console.log(`status: ${await measure(redis, CALLS, () => closedLoop(CALLS, status))}`)
  const raw = await redis.keys('*:waiting')
  const waitingKey = raw[0] ?? ''
  const localId = (i: number): string => (tokens[(i * 7919) % tokens.length] ?? '').slice(concertId.length + 1)
  const zrank = (i: number): Promise<unknown> => redis.zrank(waitingKey, localId(i))
  console.log(`ZRANK:  ${await measure(redis, CALLS, () => closedLoop(CALLS, zrank))}`)
  redis.disconnect()
} finally {
  server.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
}
