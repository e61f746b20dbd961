import { describe, expect, it } from 'vitest'
import { mainText } from '../../../src/main/i18n/main-messages'
import { resolveServerUrl } from '../../../src/main/server-url'
import { describeStartFailure } from '../../../src/main/start-failure'

function failureOf(attempt: () => unknown): unknown {
  try {
    attempt()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('describeStartFailure', () => {
  const insecure = failureOf(() => resolveServerUrl({ argv: [], env: { TONGHWA_SERVER_URL: 'ws://signal.example.org/signal' } }))

  it('explains a ws:// server on another machine in the person’s language, then gives the error with its code', () => {
    const korean = describeStartFailure(insecure, mainText('ko'))
    expect(korean.startsWith(`${mainText('ko').dialogs.insecureServerUrl}\n\n`)).toBe(true)
    expect(korean).toContain('TONGHWA_ERR_INSECURE_SERVER_URL: TONGHWA_SERVER_URL must use wss://')
    expect(describeStartFailure(insecure, mainText('en'))).toMatch(/^The signaling server you set is on another machine .*wss:\/\/ address instead\.\n\nTONGHWA_ERR_INSECURE_SERVER_URL: /s)
  })

  it('shows any other failure as it is', () => {
    const bad = failureOf(() => resolveServerUrl({ argv: [], env: { TONGHWA_SERVER_URL: 'ftp://x' } }))
    expect(describeStartFailure(bad, mainText('ko'))).toBe((bad as Error).message)
    expect(describeStartFailure('plain words', mainText('en'))).toBe('plain words')
  })
})
