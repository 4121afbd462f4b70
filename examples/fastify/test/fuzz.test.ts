import { describeHttpFuzz } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpFuzz('the Fastify server under malformed requests', { createApp })
