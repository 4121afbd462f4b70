import { useEffect, useState } from 'preact/hooks'

/** Every page, addressed by the URL fragment so that API paths (`/concerts`, ...) never clash with pages. */
export type Route =
  | { readonly page: 'concerts' }
  | { readonly page: 'queue'; readonly concertId: string }
  | { readonly page: 'dates'; readonly concertId: string }
  | { readonly page: 'seats'; readonly concertId: string; readonly scheduleId: string }
  | { readonly page: 'checkout' }
  | { readonly page: 'wallet' }
  | { readonly page: 'receipt'; readonly paymentId: string }

export function parseRoute(hash: string): Route {
  const [page, ...ids] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((part) => decodeURIComponent(part))
  const [first, second] = ids
  if (page === 'queue' && first !== undefined) return { page, concertId: first }
  if (page === 'dates' && first !== undefined) return { page, concertId: first }
  if (page === 'seats' && first !== undefined && second !== undefined) {
    return { page, concertId: first, scheduleId: second }
  }
  if (page === 'checkout' || page === 'wallet') return { page }
  if (page === 'receipt' && first !== undefined) return { page, paymentId: first }
  return { page: 'concerts' }
}

export function href(route: Route): string {
  const parts = ((): string[] => {
    switch (route.page) {
      case 'concerts':
        return []
      case 'queue':
      case 'dates':
        return [route.page, route.concertId]
      case 'seats':
        return [route.page, route.concertId, route.scheduleId]
      case 'checkout':
      case 'wallet':
        return [route.page]
      case 'receipt':
        return [route.page, route.paymentId]
    }
  })()
  return `#/${parts.map(encodeURIComponent).join('/')}`
}

export const navigate = (route: Route): void => {
  location.hash = href(route)
}

/** The page the URL fragment names, updated on every change (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
