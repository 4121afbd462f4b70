/**
 * The boxoffice HTTP API as an Express 5 Router.
 *
 * @packageDocumentation
 */
export { createBoxOfficeRouter, type BoxOfficeRouterOptions } from './router.js'
export type { FailureLog, Identify, OpenApiOptions } from '@boxoffice/http'
