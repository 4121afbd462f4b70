import { describeHttpEvents, memoryStores } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpEvents('the Fastify server on the in-memory stores', { createApp, makeStores: memoryStores })
