/**
 * Asking the other apps on the network which of them has a room or a personal code: one short WebSocket to
 * each, one `locate` with the question tag for that app's salt, and a check of the answer tag
 * (src/shared/lan-tag.ts), so an app that says "yes" without having the code is never believed.
 * No Electron import: tested in Node against real servers.
 */
import { WebSocket } from 'ws'
import { lanTags, type LanTags } from '../../shared/lan-tag'
import { MAX_FRAME_BYTES, parseServerMessage } from '../../shared/protocol'
import type { RoomCode } from '../../shared/room-code'
import type { LanInstance } from './lan-announcement'

/** `found`: it has the code and proved it. `missing`: it does not (or could not prove it). `unreachable`: no answer. */
export type AskOutcome = 'found' | 'missing' | 'unreachable'

/** Asks one app; the default is {@link askOverWebSocket}. */
export type AskInstance = (instance: LanInstance, tags: LanTags) => Promise<AskOutcome>

/** The signaling URL of another app's LAN listener: only ever the address its announcement came from. */
export function lanSignalingUrl(instance: Pick<LanInstance, 'address' | 'port'>): string {
  return `ws://${instance.address}:${instance.port}/signal`
}

/**
 * A nearby app that does not answer within this time is taken as gone: on a local network an answer takes a
 * few milliseconds, and a person waits for the lookup.
 */
export const ASK_TIMEOUT_MS = 2_500

export function askOverWebSocket(instance: LanInstance, tags: LanTags, timeoutMs = ASK_TIMEOUT_MS): Promise<AskOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(lanSignalingUrl(instance), { perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, handshakeTimeout: timeoutMs })
    let settled = false
    const finish = (outcome: AskOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.removeAllListeners('message')
      socket.on('error', () => {})
      socket.terminate()
      resolve(outcome)
    }
    const timer = setTimeout(() => finish('unreachable'), timeoutMs)
    socket.on('open', () => socket.send(JSON.stringify({ v: 1, type: 'locate', ask: tags.ask })))
    socket.on('message', (data, isBinary) => {
      if (isBinary) return
      const parsed = parseServerMessage(data.toString())
      if (!parsed.ok) return
      const message = parsed.message
      if (message.type === 'located' && message.ask === tags.ask) finish(message.answer === tags.answer ? 'found' : 'missing')
      // Refused (throttled, rate-limited): it did not say yes, which is all a lookup needs to know.
      else if (message.type === 'error') finish('missing')
    })
    socket.on('unexpected-response', () => finish('unreachable'))
    socket.on('error', () => finish('unreachable'))
    socket.on('close', () => finish('unreachable'))
  })
}

export interface LocateResult {
  /** The apps that have the code, by id. */
  hosts: LanInstance[]
  /** The apps that did not answer: gone since they last announced, or asleep. */
  unreachable: LanInstance[]
}

/** Asks every app in `instances` at once whether it has `code`. */
export async function locateCode(code: RoomCode, instances: readonly LanInstance[], ask: AskInstance = askOverWebSocket): Promise<LocateResult> {
  const outcomes = await Promise.all(
    instances.map(async (instance) => {
      const tags = await lanTags(code, instance.salt)
      return { instance, outcome: await ask(instance, tags) }
    }),
  )
  return {
    hosts: outcomes.filter((entry) => entry.outcome === 'found').map((entry) => entry.instance),
    unreachable: outcomes.filter((entry) => entry.outcome === 'unreachable').map((entry) => entry.instance),
  }
}
