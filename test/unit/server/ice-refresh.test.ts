import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IceServerRefresh } from '../../../src/server/ice-refresh'
import { createIceServerIssuer } from '../../../src/server/turn-credentials'
import type { IceServer } from '../../../src/shared/protocol'

const START_MS = 1_700_000_000_000

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(START_MS)
})
afterEach(() => {
  vi.useRealTimers()
})

function refresher(ttlSeconds: number, turn = true) {
  const issue = createIceServerIssuer({
    iceServers: [],
    stunUrls: ['stun:s'],
    turnUrls: turn ? ['turn:t'] : [],
    turnSecret: turn ? 'secret' : undefined,
    ttlSeconds,
    clock: () => Date.now(),
  })
  const pushed: IceServer[][] = []
  return { refresh: new IceServerRefresh(issue, 'k3v0q9d2m1ab', (iceServers) => pushed.push(iceServers)), pushed }
}

const expiryOf = (iceServers: IceServer[] | undefined) => Number(iceServers?.[1]?.username?.split(':')[0])

describe('IceServerRefresh', () => {
  it('pushes fresh credentials at 80 % of the lifetime, again and again, each valid for a full lifetime', () => {
    const { refresh, pushed } = refresher(3600)
    const first = refresh.start()
    expect(expiryOf(first)).toBe(START_MS / 1000 + 3600)

    vi.advanceTimersByTime(2_880_000 - 1)
    expect(pushed).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(pushed).toHaveLength(1)
    expect(expiryOf(pushed[0])).toBe(START_MS / 1000 + 2880 + 3600)

    vi.advanceTimersByTime(2_880_000)
    expect(pushed).toHaveLength(2)
    // Every credential is refreshed before it expires.
    expect(expiryOf(pushed[1]) - 2 * 2880).toBe(START_MS / 1000 + 3600)
    refresh.stop()
  })

  it('pushes nothing after stop()', () => {
    const { refresh, pushed } = refresher(60)
    refresh.start()
    vi.advanceTimersByTime(47_000)
    refresh.stop()
    vi.advanceTimersByTime(10 * 60_000)
    expect(pushed).toHaveLength(0)
  })

  it('sets no timer when nothing expires', () => {
    const { refresh, pushed } = refresher(60, false)
    expect(refresh.start()).toEqual([{ urls: ['stun:s'] }])
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(24 * 3600_000)
    expect(pushed).toHaveLength(0)
  })
})
