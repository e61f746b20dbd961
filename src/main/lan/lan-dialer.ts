/**
 * Placing a call on the local network (docs/lan.md): find the one app that has the person's code, open a
 * visitor link to it, and hand that link to the phone line, which rings there saying who calls. The secret never
 * leaves this computer: the link does not register. No Electron import: tested in Node against real servers.
 */
import type { OutgoingRoute } from '../../shared/phone-line'
import type { RoomCode } from '../../shared/room-code'
import type { SignalingClient } from '../../shared/signaling-client'
import type { Route } from '../reach/route'
import type { PersonRoute } from './lan-router'

/** How long the link to the other app may take to open, in ms: on a local network it is a few. */
const OPEN_TIMEOUT_MS = 3_000

export interface LanDialerOptions {
  routePerson: (code: RoomCode) => Promise<PersonRoute>
  createClient: (route: Route) => SignalingClient
  log?: (message: string) => void
}

export function createLanDialer(options: LanDialerOptions): (to: RoomCode) => Promise<OutgoingRoute> {
  const log = options.log ?? console.warn
  return async (to) => {
    const found = await options.routePerson(to)
    if (found.kind === 'ambiguous') log(`[lan] ${found.count} apps on this network answer to the code called; calling none (docs/lan.md)`)
    if (found.kind !== 'found') return { kind: 'unreachable' }
    const client = options.createClient(found.route)
    client.connect()
    if (!(await opened(client))) {
      client.close()
      return { kind: 'unreachable' }
    }
    return { kind: 'link', link: client }
  }
}

function opened(client: SignalingClient): Promise<boolean> {
  if (client.state.status === 'open') return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), OPEN_TIMEOUT_MS)
    const unsubscribe = client.on('state', (state) => {
      if (state.status === 'open') done(true)
      // Refused or gone: reconnecting would only make the caller wait for a call that cannot ring.
      else if (state.status === 'reconnecting' || state.status === 'closed') done(false)
    })
    function done(result: boolean) {
      clearTimeout(timer)
      unsubscribe()
      resolve(result)
    }
  })
}
