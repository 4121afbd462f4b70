/** The schema the stores use when the caller names none. */
export const DEFAULT_SCHEMA = 'boxoffice'

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * The schema as a quoted SQL identifier. Only lower-case unquoted-style names
 * are accepted, so the name reads the same in psql as in the adapter and can
 * never carry SQL. A bad name is a programmer error, caught at start-up.
 */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`invalid schema name ${JSON.stringify(schema)}: expected [a-z_][a-z0-9_]{0,62}`)
  }
  return `"${schema}"`
}
