import { afterEach, describe, expect, it } from 'vitest'
import { reduceCallPhase, type CallPhase } from '../../../src/renderer/src/call/call-phase'
import { phaseWords } from '../../../src/renderer/src/call/phase-words'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { SignalingErrorCode, SignalingRefusal } from '../../../src/shared/signaling-errors'

afterEach(() => setCurrentLocale('en'))

const JOINING: CallPhase = { name: 'joining', note: 'joining' }
const CONNECTED: CallPhase = { name: 'connected', note: 'connected' }

describe('the call phase under the server limits', () => {
  it('says how long to wait when a join is refused with SIG_ERR_TOO_MANY_ATTEMPTS and retryAfterMs', () => {
    const refused = reduceCallPhase(JOINING, { type: 'signaling-error', code: SignalingErrorCode.TooManyAttempts, retryAfterMs: 29_001 })
    expect(refused).toEqual({ name: 'failed', note: 'tooManyAttempts', retryAfterMs: 29_001 })
    expect(phaseWords(refused)).toBe('Too many attempts from this network; try again in 30 seconds. The server is slowing down tries to join rooms.')
    setCurrentLocale('ko')
    expect(phaseWords(refused)).toBe('이 네트워크에서 시도가 너무 많았어요. 30초 후에 다시 시도하세요. 서버가 방 참여 시도를 늦추고 있어요.')
  })

  it('keeps the general words when the server did not say how long to wait', () => {
    const refused = reduceCallPhase(JOINING, { type: 'signaling-error', code: SignalingErrorCode.TooManyAttempts })
    expect(refused).toEqual({ name: 'failed', note: 'tooManyAttempts' })
    expect(phaseWords(refused)).toMatch(/^The server is not letting you join rooms/)
  })

  it('fails with a clear message while joining when the server does not accept this app (origin not allowed)', () => {
    const refused = reduceCallPhase(JOINING, { type: 'server-connection', status: 'reconnecting', refusal: SignalingRefusal.OriginNotAllowed })
    expect(refused).toEqual({ name: 'failed', note: 'originNotAllowed' })
    expect(phaseWords(refused)).toMatch(/^This server does not accept connections from this app \(origin not allowed\)/)
  })

  it('keeps a connected call going when the server starts refusing this app, as for any reconnect', () => {
    const next = reduceCallPhase(CONNECTED, { type: 'server-connection', status: 'reconnecting', refusal: SignalingRefusal.OriginNotAllowed })
    expect(next).toMatchObject({ name: 'reconnecting', note: 'reconnectingServerInCall' })
  })

  it('treats a refusal for connecting too often like any other reconnect', () => {
    const next = reduceCallPhase(JOINING, { type: 'server-connection', status: 'reconnecting', refusal: SignalingRefusal.ConnectingTooFast })
    expect(next).toMatchObject({ name: 'reconnecting', note: 'reconnectingServer' })
  })
})
