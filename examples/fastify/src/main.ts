import { runServer } from '@boxoffice/http-kit'
import { createApp, DOCS_PATH } from './app.js'

await runServer({ name: 'fastify', createApp, docsPath: DOCS_PATH })
