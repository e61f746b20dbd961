import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { openAppPhone } from '../../../../src/main/app-phone'
import { hostScopeOf, plainTextProblem, TransportErrorCode } from '../../../../src/main/server-trust/transport-policy'
import { SettingsStore } from '../../../../src/main/settings-store'
import { delay } from '../client-events'
import { recordingAttentionHost } from '../recording-attention'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** This machine's first address that is not loopback: how another machine would reach a server here. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address

describe('hostScopeOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['localhost', 'loopback'],
    ['localhost.', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['10.1.2.3', 'local-network'],
    ['172.16.0.1', 'local-network'],
    ['172.31.255.255', 'local-network'],
    ['192.168.1.20', 'local-network'],
    ['169.254.10.10', 'local-network'],
    ['[fd00::2]', 'local-network'],
    ['[fe80::1]', 'local-network'],
    ['[::ffff:c0a8:114]', 'local-network'],
    ['printer.local', 'local-network'],
    ['172.15.0.1', 'internet'],
    ['172.32.0.1', 'internet'],
    ['0.0.0.0', 'internet'],
    ['203.0.113.7', 'internet'],
    ['[2001:db8::1]', 'internet'],
    ['[::]', 'internet'],
    ['localhost.example.org', 'internet'],
    ['127.0.0.1.nip.io', 'internet'],
    ['signal.example.org', 'internet'],
  ])('puts %s in %s', (hostname, scope) => {
    expect(hostScopeOf(hostname)).toBe(scope)
  })
})

describe('plainTextProblem', () => {
  it('lets wss:// go anywhere and ws:// only to this machine', () => {
    expect(plainTextProblem('wss://signal.example.org/signal')).toBeNull()
    expect(plainTextProblem('ws://127.0.0.1:47800/signal')).toBeNull()
    expect(plainTextProblem('ws://[::1]:47800/signal')).toBeNull()
    expect(plainTextProblem('ws://signal.example.org/signal')).toBe(
      'ws:// is not encrypted, and signal.example.org is not this machine: anyone on the way could read the personal secret. Use wss://signal.example.org/signal',
    )
    // The local network waits for its own issue: until then it is "another machine" like any other.
    expect(plainTextProblem('ws://192.168.1.20:47800/signal')).toMatch(/^ws:\/\/ is not encrypted/)
  })

  it('answers anything that is not a WebSocket URL as unsafe', () => {
    expect(plainTextProblem('http://127.0.0.1/')).not.toBeNull()
    expect(plainTextProblem('not a url')).not.toBeNull()
  })
})

describe('openAppPhone and a ws:// server on another machine', () => {
  it.runIf(outsideAddress !== undefined)('refuses to start with TONGHWA_ERR_INSECURE_SERVER_URL, and the server never hears from it', async () => {
    // A server that records every connection and frame, reachable at this machine's outside address.
    const heard: string[] = []
    const eavesdropper = new WebSocketServer({ host: '0.0.0.0', port: 0 })
    eavesdropper.on('connection', (socket) => {
      heard.push('connection')
      socket.on('message', (data) => heard.push(String(data)))
    })
    cleanups.push(() => new Promise<void>((resolve) => eavesdropper.close(() => resolve())))
    await new Promise<void>((resolve) => eavesdropper.once('listening', resolve))
    const url = `ws://${outsideAddress}:${(eavesdropper.address() as AddressInfo).port}/signal`

    const userDataDir = await mkdtemp(join(tmpdir(), 'tonghwa-transport-'))
    cleanups.push(() => rm(userDataDir, { recursive: true, force: true }))
    const settings = await SettingsStore.open({ userDataDir, log: () => {} })
    const opening = openAppPhone({ signalingUrl: url, userDataDir, settings, env: {}, attentionHost: recordingAttentionHost(), log: () => {} })
    // Today's phone would be open by now and registering; close it so the test ends either way.
    opening.then((phone) => cleanups.push(() => phone.close())).catch(() => {})
    await expect(opening).rejects.toMatchObject({ code: TransportErrorCode.InsecureServerUrl })
    await delay(200)
    expect(heard).toEqual([])
  })
})
