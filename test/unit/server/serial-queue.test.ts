import { describe, expect, it } from 'vitest'
import { SerialQueue } from '../../../src/server/serial-queue'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('SerialQueue', () => {
  it('starts a task pushed while idle at once, synchronously', () => {
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 10 })
    let ran = false
    queue.push(() => {
      ran = true
    })
    expect(ran).toBe(true)
  })

  it('runs tasks one at a time, in order, even when an earlier one waits', async () => {
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 10 })
    const seen: string[] = []
    const gate = deferred()
    queue.push(async () => {
      seen.push('first starts')
      await gate.promise
      seen.push('first ends')
    })
    queue.push(() => seen.push('second'))
    queue.push(async () => seen.push('third'))
    expect(seen).toEqual(['first starts'])
    gate.resolve()
    await queue.idle()
    expect(seen).toEqual(['first starts', 'first ends', 'second', 'third'])
  })

  it('reports a failed task and goes on with the next', async () => {
    const errors: unknown[] = []
    const queue = new SerialQueue({ onError: (error) => errors.push(error), highWaterMark: 10 })
    const seen: string[] = []
    queue.push(async () => {
      throw new Error('redis went away')
    })
    queue.push(() => seen.push('next'))
    await queue.idle()
    expect(errors).toEqual([new Error('redis went away')])
    expect(seen).toEqual(['next'])
  })

  it('queues a task pushed from inside a running task behind it', async () => {
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 10 })
    const seen: string[] = []
    queue.push(async () => {
      queue.push(() => seen.push('inner'))
      await Promise.resolve()
      seen.push('outer ends')
    })
    await queue.idle()
    expect(seen).toEqual(['outer ends', 'inner'])
  })

  it('reports a backlog past the high-water mark, and its end once everything is done', async () => {
    const backlog: boolean[] = []
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 2, onBacklog: (on) => backlog.push(on) })
    const gate = deferred()
    queue.push(() => gate.promise)
    queue.push(() => {})
    expect(backlog).toEqual([])
    queue.push(() => {})
    expect(backlog).toEqual([true])
    expect(queue.length).toBe(3)
    gate.resolve()
    await queue.idle()
    expect(backlog).toEqual([true, false])
    expect(queue.length).toBe(0)
  })
})
