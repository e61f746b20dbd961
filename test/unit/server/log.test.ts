import { describe, expect, it } from 'vitest'
import { createJsonLogger, silentLogger } from '../../../src/server/log'

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = []
  const logger = createJsonLogger({ level, write: (line) => lines.push(line), now: () => new Date('2030-01-02T03:04:05.000Z') })
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line with time, level, msg and the fields', () => {
    const { logger, lines, parsed } = capture()
    logger.info('listening', { url: 'ws://127.0.0.1:4780/signal' })
    expect(lines).toEqual(['{"time":"2030-01-02T03:04:05.000Z","level":"info","msg":"listening","url":"ws://127.0.0.1:4780/signal"}\n'])
    expect(parsed()[0]).toEqual({ time: '2030-01-02T03:04:05.000Z', level: 'info', msg: 'listening', url: 'ws://127.0.0.1:4780/signal' })
  })

  it('drops lines below its level', () => {
    const { logger, parsed } = capture('warn')
    logger.debug('a')
    logger.info('b')
    logger.warn('c')
    logger.error('d')
    expect(parsed().map((line) => line.level)).toEqual(['warn', 'error'])
  })

  it('does not let a field overwrite time, level or msg', () => {
    const { logger, parsed } = capture()
    logger.error('real', { msg: 'fake', level: 'debug', time: 'never' })
    expect(parsed()[0]).toMatchObject({ msg: 'real', level: 'error', time: '2030-01-02T03:04:05.000Z' })
  })

  it('logs errors by name and message and survives fields it cannot serialize', () => {
    const { logger, parsed } = capture()
    logger.warn('failed', { error: new TypeError('boom') })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    logger.warn('cyclic', { cyclic })
    expect(parsed()).toEqual([
      { time: '2030-01-02T03:04:05.000Z', level: 'warn', msg: 'failed', error: { name: 'TypeError', message: 'boom' } },
      { time: '2030-01-02T03:04:05.000Z', level: 'warn', msg: 'cyclic', fields: 'unserializable' },
    ])
  })
})

describe('silentLogger', () => {
  it('accepts every level and writes nothing', () => {
    expect(() => {
      silentLogger.debug('a')
      silentLogger.info('b', { x: 1 })
      silentLogger.warn('c')
      silentLogger.error('d')
    }).not.toThrow()
  })
})
