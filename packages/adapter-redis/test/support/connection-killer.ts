import { randomUUID } from 'node:crypto'

/** A name no other connection on the server carries; ioredis sends it (CLIENT SETNAME) on every connect and reconnect. */
export function uniqueConnectionName(): string {
  return `bo_victim_${randomUUID().slice(0, 8)}`
}

/** An admin connection to one server: ioredis 5 or 6, only its generic `call`. */
export interface AdminConnection {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** The ids of the connections named `name` in a CLIENT LIST reply. */
function idsNamed(list: string, name: string): string[] {
  return list.split('\n').flatMap((line) => {
    const id = /(?:^| )id=(\d+)/.exec(line)?.[1]
    const named = /(?:^| )name=(\S*)/.exec(line)?.[1]
    return id !== undefined && named === name ? [id] : []
  })
}

/**
 * Kills, on each server `admins` talk to, every connection named `name` —
 * never anyone else's (other test files share the server) — as an operator,
 * a failover or a proxy's idle timeout would; answers how many died.
 */
export async function killConnectionsNamed(admins: readonly AdminConnection[], name: string): Promise<number> {
  const killed = await Promise.all(
    admins.map(async (admin) => {
      const ids = idsNamed(String(await admin.call('CLIENT', 'LIST', 'TYPE', 'normal')), name)
      const counts = await Promise.all(ids.map((id) => admin.call('CLIENT', 'KILL', 'ID', id)))
      return counts.reduce((sum: number, count) => sum + Number(count), 0)
    }),
  )
  return killed.reduce((sum, count) => sum + count, 0)
}
