/* `pnpm openapi:types`: regenerates test/generated/boxoffice-api.d.ts from the OpenAPI document. */
import { writeFile } from 'node:fs/promises'
import { generateClientTypes, GENERATED_TYPES } from '../test/support/openapi-types.js'

await writeFile(GENERATED_TYPES, await generateClientTypes())
console.log(`wrote ${GENERATED_TYPES.pathname}`)
