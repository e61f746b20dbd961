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

/**
 * Once one app has proved it has the code, how long the others still have to answer. On a local network an answer
 * takes milliseconds, so this is ample for a second live app with the same code (two hosts of one room, a personal
 * code in two places) to be heard; what has not answered by then is most likely an app that died without a
 * goodbye, and the person should not wait out its whole `ASK_TIMEOUT_MS` for it.
 */
export const AFTER_FOUND_GRACE_MS = 300

/**
 * Asks every app in `instances` at once whether it has `code`. Settles when all have answered, or
 * `graceMs` after the first one that has it. An app cut short by the grace is in neither list: it is not known
 * to be gone (only a real timeout says that), so it is not forgotten for it.
 */
export function locateCode(code: RoomCode, instances: readonly LanInstance[], ask: AskInstance = askOverWebSocket, graceMs = AFTER_FOUND_GRACE_MS): Promise<LocateResult> {
  return new Promise((resolve) => {
    const hosts: LanInstance[] = []
    const unreachable: LanInstance[] = []
    let pending = instances.length
    let grace: ReturnType<typeof setTimeout> | undefined
    let settled = false
    const settle = (): void => {
      if (settled) return
      settled = true
      clearTimeout(grace)
      resolve({ hosts: [...hosts], unreachable: [...unreachable] })
    }
    if (pending === 0) return settle()
    for (const instance of instances) {
      void (async () => {
        const outcome = await lanTags(code, instance.salt)
          .then((tags) => ask(instance, tags))
          .catch((): AskOutcome => 'unreachable')
        if (settled) return
        if (outcome === 'found') {
          hosts.push(instance)
          grace ??= setTimeout(settle, graceMs)
        } else if (outcome === 'unreachable') {
          unreachable.push(instance)
        }
        if (--pending === 0) settle()
      })()
    }
  })
}
