import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { APP_NODE, nodeSupport, parseVersion } from '../../../scripts/first-run/node-support.mjs'
import { adviceFor, errorLine } from '../../../scripts/first-run/download-advice.mjs'

describe('which Node starts the app', () => {
  it('starts without a word on the Node that Electron declares, and later ones', () => {
    expect(nodeSupport('v22.12.0')).toEqual({ verdict: 'ok' })
    expect(nodeSupport('v24.1.3')).toEqual({ verdict: 'ok' })
  })

  it('warns and goes on between the tests’ Node and Electron’s', () => {
    const support = nodeSupport('v20.20.2')
    expect(support.verdict).toBe('warn')
    expect(support.verdict !== 'ok' && support.message).toContain('Node 22.12.0 or newer')
    expect(nodeSupport('v22.11.9').verdict).toBe('warn')
  })

  it('refuses a Node on which Electron’s installer cannot run, saying what to install', () => {
    const support = nodeSupport('v18.20.4')
    expect(support.verdict).toBe('refuse')
    expect(support.verdict !== 'ok' && support.message).toContain('Install Node 22.12 or newer')
    expect(nodeSupport('v20.18.3').verdict).toBe('refuse')
  })

  it('agrees with package.json engines and with what the electron package declares', () => {
    const engines = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string
    const electron = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).engines.node as string
    const floor = (range: string) => parseVersion(range.replace(/^[>=\s]+/, '').replace(/^(\d+\.\d+)$/, '$1.0'))
    expect(floor(engines)).toEqual(parseVersion(APP_NODE))
    expect(floor(electron)).toEqual(parseVersion(APP_NODE))
  })

  it('reads versions with or without the v', () => {
    expect(parseVersion('v20.19.0')).toEqual([20, 19, 0])
    expect(parseVersion('22.12.0')).toEqual([22, 12, 0])
    expect(() => parseVersion('twenty')).toThrow('not a Node version')
  })
})

describe('what a failed download tells the person', () => {
  it('keeps the error line and drops the stack', () => {
    expect(errorLine('TypeError: fetch failed\n    at node:internal/deps/undici:1:1\n    at async x (file:///a.js:2:3)\n')).toBe('TypeError: fetch failed')
  })

  it('names the proxy and mirror settings by their real names', () => {
    const advice = adviceFor('no-answer', { version: '45.4.1', base: 'https://github.com/electron/electron/releases/download/', detail: 'x', usingProxy: false })
    expect(advice).toContain('ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=')
    expect(advice).toContain('ELECTRON_MIRROR=')
    expect(advice.split('\n').at(-1)).toBe('More in the README, "First run".')
  })

  it('asks a person already behind a proxy to check it, not to set one up', () => {
    const advice = adviceFor('proxy-refused', { version: '45.4.1', base: 'https://github.com/electron/electron/releases/download/', detail: '407', usingProxy: true })
    expect(advice).toContain('check HTTPS_PROXY')
    expect(advice).not.toContain('Behind a proxy?')
  })
})
