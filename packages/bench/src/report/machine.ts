import { cpus, loadavg, totalmem } from 'node:os'
import pg from 'pg'
import { connectRedis } from '../stores/redis-fixture.js'
import { POSTGRES } from '../stores/services.js'

/** Where and how a run was taken, for the report. */
export interface MachineInfo {
  readonly cpu: string
  readonly cores: number
  readonly memoryBytes: number
  readonly node: string
  readonly postgres: string
  readonly redis: string
  /** 1- and 5-minute load averages when the run started, and when it ended. */
  readonly loadBefore: readonly number[]
  loadAfter?: readonly number[]
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ ...POSTGRES, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version')
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`
  } catch {
    return 'PostgreSQL (not reachable)'
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function redisVersion(): Promise<string> {
  const client = connectRedis()
  try {
    await client.connect()
    const info = await client.info('server')
    return `Redis ${/redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?'}`
  } catch {
    return 'Redis (not reachable)'
  } finally {
    client.disconnect()
  }
}

export async function describeMachine(): Promise<MachineInfo> {
  const processors = cpus()
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryBytes: totalmem(),
    node: process.version,
    postgres: await postgresVersion(),
    redis: await redisVersion(),
    loadBefore: loadavg().slice(0, 2),
  }
}
