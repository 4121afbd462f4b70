/**
 * The boxoffice HTTP API as a Fastify plugin.
 *
 * @packageDocumentation
 */
export { boxoffice, boxoffice as default, type BoxOfficePluginOptions } from './plugin.js'
export type { Identify, OpenApiOptions } from '@boxoffice/http'
