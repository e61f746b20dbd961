/** The socket budget's arithmetic, and reading the open-files limit, without sockets. */
import { describe, expect, it } from 'vitest'
import { parseOpenFilesLimit, readOpenFilesLimit } from '../../../src/server/open-files-limit'
import { SocketBudget } from '../../../src/server/socket-budget'
import { HTTP_SOCKET_HEADROOM, maxSocketsFor } from '../../../src/server/socket-guard'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'

describe('SocketBudget', () => {
  it('refuses a connection past its address’s share of connections that are not WebSockets, and admits again once one upgrades', () => {
    const budget = new SocketBudget<string>({ maxSockets: Infinity, maxWebSockets: Infinity, maxPendingPerKey: 2 })
    expect(budget.open('a1', 'A')).toEqual({ ok: true, evict: undefined })
    expect(budget.open('a2', 'A')).toEqual({ ok: true, evict: undefined })
    expect(budget.open('a3', 'A')).toEqual({ ok: false, code: SignalingRefusal.TooManySockets })
    expect(budget.open('b1', 'B').ok).toBe(true)
    expect(budget.upgrade('a1')).toBe(true)
    expect(budget.open('a3', 'A').ok).toBe(true)
    expect(budget.pendingOf('A')).toBe(2)
    budget.close('a2')
    expect(budget.pendingOf('A')).toBe(1)
  })

  it('gives up the oldest connection that is not a WebSocket for a new one when full, never a WebSocket', () => {
    const budget = new SocketBudget<string>({ maxSockets: 3, maxWebSockets: 2, maxPendingPerKey: undefined })
    budget.open('call', 'A')
    budget.upgrade('call')
    budget.open('idle1', 'B')
    budget.open('idle2', 'C')
    expect(budget.open('health', 'D')).toEqual({ ok: true, evict: 'idle1' })
    expect(budget.open('next', 'E')).toEqual({ ok: true, evict: 'idle2' })
    expect(budget.sockets).toBe(3)
    // Closing what was given up changes nothing: it is no longer counted.
    budget.close('idle1')
    expect(budget.sockets).toBe(3)
  })

  it('refuses a WebSocket past maxWebSockets, so plain HTTP always has room', () => {
    const budget = new SocketBudget<string>({ maxSockets: 4, maxWebSockets: 2, maxPendingPerKey: undefined })
    for (const socket of ['w1', 'w2', 'w3']) budget.open(socket, socket)
    expect(budget.upgrade('w1')).toBe(true)
    expect(budget.upgrade('w2')).toBe(true)
    expect(budget.upgrade('w3')).toBe(false)
    budget.close('w1')
    expect(budget.upgrade('w3')).toBe(true)
    expect(budget.webSockets).toBe(2)
  })

  it('will not be built with no room for plain HTTP', () => {
    expect(() => new SocketBudget({ maxSockets: 10, maxWebSockets: 10, maxPendingPerKey: undefined })).toThrow(RangeError)
  })
})

describe('maxSocketsFor', () => {
  it('keeps the reserve free, budgets nothing when the limit is unknown, and refuses a limit too low to serve', () => {
    expect(maxSocketsFor(1024, 64)).toBe(960)
    expect(maxSocketsFor(undefined, 64)).toBe(Infinity)
    expect(() => maxSocketsFor(64 + 2 * HTTP_SOCKET_HEADROOM - 1, 64)).toThrow(/raise ulimit -n/)
  })
})

describe('the open-files limit', () => {
  it('is the soft limit of "Max open files" in /proc/<pid>/limits', () => {
    const text = ['Limit                     Soft Limit           Hard Limit           Units     ', 'Max processes             63704                63704                processes ', 'Max open files            1024                 524288               files     '].join('\n')
    expect(parseOpenFilesLimit(text)).toBe(1024)
    expect(parseOpenFilesLimit('Max open files            unlimited            unlimited            files')).toBeUndefined()
    expect(parseOpenFilesLimit('')).toBeUndefined()
  })

  it('is read from this process on Linux, and unknown where the file is missing', () => {
    if (process.platform === 'linux') expect(readOpenFilesLimit()).toBeGreaterThan(0)
    expect(readOpenFilesLimit('/nonexistent/limits')).toBeUndefined()
  })
})
