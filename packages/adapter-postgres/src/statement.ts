import { createHash } from 'node:crypto'
import type { PostgresQueryable } from './postgres-pool.js'

/** A named (server-side prepared) statement: parsed and planned once per connection. */
export interface Statement {
  readonly name: string
  readonly text: string
}

/**
 * Names a statement after a hash of its text. pg refuses one name with two
 * texts on a connection, and the text embeds the schema, so stores over
 * different schemas sharing a pool never collide while equal texts share a plan.
 */
export function statement(text: string): Statement {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 32)
  return { name: `boxoffice_${digest}`, text }
}

/** Runs a prepared statement and answers its rows (typed by the caller, who wrote the SQL). */
export async function execute<Row>(
  queryable: PostgresQueryable,
  prepared: Statement,
  values: readonly unknown[],
): Promise<Row[]> {
  const result = await queryable.query({ name: prepared.name, text: prepared.text, values: [...values] })
  return result.rows as Row[]
}
