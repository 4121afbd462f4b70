import { useMemo, useState } from 'preact/hooks'
import { createApi } from './api'
import { AppContext } from './app-context'
import { IdentityPicker } from './identity-picker'
import { CheckoutPage } from './pages/checkout-page'
import { ConcertsPage } from './pages/concerts-page'
import { DatesPage } from './pages/dates-page'
import { QueuePage } from './pages/queue-page'
import { ReceiptPage } from './pages/receipt-page'
import { SeatsPage } from './pages/seats-page'
import { WalletPage } from './pages/wallet-page'
import { href, useRoute, type Route } from './router'
import { currentUser, setCurrentUser } from './session'

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'concerts':
      return <ConcertsPage />
    case 'queue':
      return <QueuePage concertId={route.concertId} />
    case 'dates':
      return <DatesPage concertId={route.concertId} />
    case 'seats':
      return <SeatsPage concertId={route.concertId} scheduleId={route.scheduleId} />
    case 'checkout':
      return <CheckoutPage />
    case 'wallet':
      return <WalletPage />
    case 'receipt':
      return <ReceiptPage paymentId={route.paymentId} />
  }
}

export function App() {
  const route = useRoute()
  const [userId, setUserId] = useState(currentUser)
  const state = useMemo(() => ({ userId, api: createApi(userId) }), [userId])
  const switchUser = (next: string): void => {
    setCurrentUser(next)
    setUserId(next)
  }
  return (
    <AppContext.Provider value={state}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href={href({ page: 'concerts' })}>
          boxoffice
        </a>
        <nav aria-label="Main">
          <a href={href({ page: 'concerts' })} aria-current={route.page === 'concerts' ? 'page' : undefined}>
            Concerts
          </a>
          <a href={href({ page: 'wallet' })} aria-current={route.page === 'wallet' ? 'page' : undefined}>
            Wallet
          </a>
        </nav>
        <IdentityPicker userId={userId} onSwitch={switchUser} />
      </header>
      <main id="main">
        {/* A new identity starts every page afresh: its tokens, hold and wallet are another user's. */}
        <Page key={`${userId} ${href(route)}`} route={route} />
      </main>
    </AppContext.Provider>
  )
}
