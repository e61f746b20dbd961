import { describe, expect, it } from 'vitest'
import { CallBarVisibility } from '../../../src/renderer/src/state/call-bar-visibility.svelte'

/** Timers the test runs by hand: `elapse(ms)` fires whatever is due. */
function manualTimers() {
  let now = 0
  let next = 1
  const timers = new Map<number, { at: number; run: () => void }>()
  return {
    setTimer: (run: () => void, ms: number) => {
      const id = next++
      timers.set(id, { at: now + ms, run })
      return id
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    elapse(ms: number) {
      now += ms
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id)
          timer.run()
        }
      }
    },
    pending: () => timers.size,
  }
}

describe('CallBarVisibility', () => {
  it('shows the bar at first and fades it after 3 s without activity', () => {
    const timers = manualTimers()
    const bar = new CallBarVisibility(timers)
    expect(bar.shown).toBe(true)
    timers.elapse(2999)
    expect(bar.shown).toBe(true)
    timers.elapse(1)
    expect(bar.shown).toBe(false)
  })

  it('comes back on activity and starts the quiet time again', () => {
    const timers = manualTimers()
    const bar = new CallBarVisibility(timers)
    timers.elapse(3000)
    bar.activity()
    expect(bar.shown).toBe(true)
    timers.elapse(2000)
    bar.activity()
    timers.elapse(2000)
    expect(bar.shown).toBe(true)
    timers.elapse(1000)
    expect(bar.shown).toBe(false)
  })

  it('never fades while focus is in the bar or its menu is open, and fades 3 s after they let go', () => {
    const timers = manualTimers()
    const bar = new CallBarVisibility(timers)
    bar.hold('focus', true)
    bar.hold('menu', true)
    timers.elapse(10_000)
    expect(bar.shown).toBe(true)
    bar.hold('focus', false)
    timers.elapse(10_000)
    expect(bar.shown).toBe(true)
    bar.hold('menu', false)
    timers.elapse(2999)
    expect(bar.shown).toBe(true)
    timers.elapse(1)
    expect(bar.shown).toBe(false)
  })

  it('stays while an outside reason holds it (a panel open)', () => {
    const timers = manualTimers()
    let panelOpen = true
    const bar = new CallBarVisibility({ ...timers, held: () => panelOpen })
    timers.elapse(5000)
    expect(bar.shown).toBe(true)
    panelOpen = false
    expect(bar.shown).toBe(false)
  })

  it('leaves no timer behind once disposed, and ignores activity after', () => {
    const timers = manualTimers()
    const bar = new CallBarVisibility({ ...timers, idleMs: 500 })
    bar.dispose()
    expect(timers.pending()).toBe(0)
    bar.activity()
    expect(timers.pending()).toBe(0)
  })
})
