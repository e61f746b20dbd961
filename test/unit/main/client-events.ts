/** Waiting on a real `SignalingClient` in tests: the next event that matches, or a failure naming what was missing. */
import type { SignalingClient, SignalingClientEvents } from '../../../src/shared/signaling-client'

export function nextEvent<E extends keyof SignalingClientEvents>(
  client: SignalingClient,
  event: E,
  matches: (payload: SignalingClientEvents[E]) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<SignalingClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no matching ${event} event within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = client.on(event, (payload) => {
      if (!matches(payload)) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

/** Resolves at once if the client is already in `status`. */
export function stateReached(client: SignalingClient, status: SignalingClientEvents['state']['status'], timeoutMs?: number): Promise<unknown> {
  if (client.state.status === status) return Promise.resolve(client.state)
  return nextEvent(client, 'state', (state) => state.status === status, timeoutMs)
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
