import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { describeBookingStoreContract, describeQueueStoreContract } from '@boxoffice/adapter-test'

// Process memory has no connection to lose: declared, so the suite reports that case as not applicable.
describeQueueStoreContract(
  'memory, queue events on',
  async () => ({ store: createMemoryQueueStore({ events: true }) }),
  {
    connectionLoss: false,
    queueEvents: true,
  },
)
describeQueueStoreContract('memory', async () => ({ store: createMemoryQueueStore() }), { connectionLoss: false })
describeBookingStoreContract('memory', async () => ({ store: createMemoryBookingStore() }), { connectionLoss: false })
