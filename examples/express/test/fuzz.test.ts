import { describeHttpFuzz } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpFuzz('the Express server under malformed requests', { createApp })
