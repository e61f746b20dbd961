import { describe, expect, it } from 'vitest'
import { SerialQueue } from '../../../src/server/serial-queue'

describe('SerialQueue, for tasks that return no promise', () => {
  it('is idle again as soon as such a task started at once returns', async () => {
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 10 })
    const seen: string[] = []
    queue.push(() => seen.push('first'))
    expect(queue.length).toBe(0)
    queue.push(() => seen.push('second'))
    expect(seen).toEqual(['first', 'second'])
    await queue.idle()
    expect(queue.length).toBe(0)
  })

  it('queues a task pushed from inside such a task behind it, not inside it', async () => {
    const queue = new SerialQueue({ onError: () => {}, highWaterMark: 10 })
    const seen: string[] = []
    queue.push(() => {
      queue.push(() => seen.push('inner'))
      seen.push('outer ends')
    })
    await queue.idle()
    expect(seen).toEqual(['outer ends', 'inner'])
    expect(queue.length).toBe(0)
  })

  it('reports a task that throws and goes on with the next', () => {
    const errors: unknown[] = []
    const queue = new SerialQueue({ onError: (error) => errors.push(error), highWaterMark: 10 })
    const seen: string[] = []
    queue.push(() => {
      throw new Error('bad frame handler')
    })
    queue.push(() => seen.push('next'))
    expect(errors).toEqual([new Error('bad frame handler')])
    expect(seen).toEqual(['next'])
  })
})
