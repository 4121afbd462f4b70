import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export type ExampleServer = 'fastify' | 'express'

/** An example server running as its own OS process, as `pnpm start` runs it. */
export interface ServerProcess {
  readonly name: string
  readonly url: string
  readonly pid: number
  /** Everything it wrote, for a failure message. */
  output(): string
  /** Still running: never crashed, never killed. */
  alive(): boolean
  /** SIGKILL: gone at once, mid-request, as a crashed machine would be. */
  kill(): Promise<void>
  /** SIGTERM, then waits for the exit; answers the exit code. */
  stop(): Promise<number | null>
}

const STARTUP_TIMEOUT_MS = 90_000

/**
 * Starts `src/main.ts` of an example with Node and the tsx loader (the
 * example's tsconfig maps the workspace packages to their sources, so no
 * build is needed), on port 0 of the loopback interface, and answers once its
 * start-up line says where it listens.
 */
export async function startServerProcess(
  example: ExampleServer,
  name: string,
  env: Readonly<Record<string, string>>,
): Promise<ServerProcess> {
  const cwd = fileURLToPath(new URL(`../../../${example}/`, import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  let running = true
  void exited.then(() => (running = false))

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`${name} did not start in time:\n${output.slice(-2_000)}`)),
      STARTUP_TIMEOUT_MS,
    )
    const onData = (): void => {
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (listening !== undefined) finish(undefined, listening)
    }
    const finish = (error: Error | undefined, found?: string): void => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      if (found !== undefined) resolve(found)
      else reject(error ?? new Error('no address'))
    }
    child.stdout.on('data', onData)
    void exited.then((code) => finish(new Error(`${name} exited (${code}) before listening:\n${output.slice(-2_000)}`)))
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })

  return {
    name,
    url,
    pid: child.pid ?? -1,
    output: () => output,
    alive: () => running,
    kill: async () => {
      if (!running) return
      child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      if (running) child.kill('SIGTERM')
      return exited
    },
  }
}
