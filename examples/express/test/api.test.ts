import { describeHttpApi, memoryStores } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpApi('the Express server on the in-memory stores', { createApp, makeStores: memoryStores })
