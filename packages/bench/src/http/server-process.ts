import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Check } from '../harness/scenario.js'
import type { ChildConfig, ChildMessage, Observed, ParentMessage, ServedApp, StoreSetup } from './child-protocol.js'

/** Server set-up (thousands of funded buyers on Postgres) may take a while; a hung child may not. */
const READY_TIMEOUT_MS = 300_000
const REPLY_TIMEOUT_MS = 120_000

/** An example server running in its own process. */
export interface ServerProcess {
  readonly apps: readonly ServedApp[]
  readonly bare: ServedApp | undefined
  check(observed: Partial<Record<StoreSetup, Observed>>): Promise<readonly Check[]>
  /** Stops the servers and waits for the process to exit; answers its peak RSS (bytes). */
  stop(): Promise<number>
}

function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess,
  types: readonly T[],
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T | 'failed' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`the server process did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'failed' || (types as readonly string[]).includes(message.type)) {
        finish(undefined, message as Extract<ChildMessage, { type: T | 'failed' }>)
      }
    }
    const onExit = (code: number | null): void => finish(new Error(`the server process exited (code ${code})`))
    const finish = (error: Error | undefined, message?: Extract<ChildMessage, { type: T | 'failed' }>): void => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (message !== undefined) resolve(message)
      else reject(error ?? new Error('no answer'))
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

/**
 * Forks http-server-child.ts with the same loader the benchmark runs under
 * (tsx), and waits until it reports its servers ready.
 */
export async function startServerProcess(config: ChildConfig): Promise<ServerProcess> {
  const entry = fileURLToPath(new URL('./http-server-child.ts', import.meta.url))
  const child = fork(entry, [JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const tell = (message: ParentMessage): void => {
    child.send(message)
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let ready: Extract<ChildMessage, { type: 'ready' | 'failed' }>
  try {
    ready = await nextMessage(child, ['ready'], READY_TIMEOUT_MS)
  } catch (error) {
    child.kill()
    throw error
  }
  if (ready.type === 'failed') {
    await exited
    throw new Error(`the ${config.framework} server did not start: ${ready.message}`)
  }
  return {
    apps: ready.apps,
    bare: ready.bare,
    check: async (observed) => {
      tell({ type: 'check', observed })
      const answer = await nextMessage(child, ['checked'], REPLY_TIMEOUT_MS)
      if (answer.type === 'failed') throw new Error(answer.message)
      return answer.checks
    },
    stop: async () => {
      tell({ type: 'stop' })
      try {
        const answer = await nextMessage(child, ['stopped'], REPLY_TIMEOUT_MS)
        await exited
        return answer.type === 'stopped' ? answer.maxRssBytes : 0
      } catch (error) {
        child.kill()
        throw error
      }
    },
  }
}
