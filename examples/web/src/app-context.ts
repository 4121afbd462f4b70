import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Api } from './api'

/** Who is using the page, and the API as that user. */
export interface AppState {
  readonly userId: string
  readonly api: Api
}

export const AppContext = createContext<AppState | undefined>(undefined)

export function useApp(): AppState {
  const state = useContext(AppContext)
  if (state === undefined) throw new Error('useApp outside <AppContext.Provider>')
  return state
}
