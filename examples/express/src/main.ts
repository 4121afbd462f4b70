import { runServer } from '@boxoffice/http-kit'
import { createApp } from './app.js'

await runServer({ name: 'express', createApp })
