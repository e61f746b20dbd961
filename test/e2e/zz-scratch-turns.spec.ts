import { expect, test } from '@playwright/test'
import { chromiumLaunchOptions } from './support/chromium'
import { createLab } from '../support/netlab'
import { turnRestCredential } from '../../src/server/turn-credentials'

test('scratch: turns with untrusted cert', async () => {
  test.setTimeout(60_000)
  const lab = await createLab({ internet: { servers: ['public'], homes: [{ name: 'minji', nat: 'cone' }] } })
  try {
    const pub = lab.computer('public')
    const coturn = lab.spawn(pub, 'turnserver', ['-n', '--listening-port=3478', `--listening-ip=${pub.address}`, `--relay-ip=${pub.address}`,
      '--tls-listening-port=443', '--cert=/tmp/exp/server.pem', '--pkey=/tmp/exp/server.key.pem', '--no-dtls',
      '--use-auth-secret', '--static-auth-secret=s3cret', '--realm=lab.test', '--no-cli', '--log-file=stdout', '--simple-log', '--fingerprint', '--pidfile=/tmp/exp/t.pid', '--userdb=/tmp/exp/turndb'])
    await new Promise((r) => setTimeout(r, 1500))
    console.log(coturn.output().split('\n').filter((l) => /listener|TLS|error/i.test(l)).slice(0, 10).join('\n'))
    const extra = process.env.SCRATCH_ARGS ? process.env.SCRATCH_ARGS.split(' ') : []
    const options = chromiumLaunchOptions()
    options.args = [...(options.args ?? []), ...extra]
    const env = process.env.SCRATCH_HOME ? { ...process.env, HOME: process.env.SCRATCH_HOME } : undefined
    const browser = await lab.launchChromium(lab.computer('minji'), { ...options, ...(env ? { env } : {}) })
    const page = await browser.newPage()
    const cred = turnRestCredential('s3cret', 'x', Math.floor(Date.now() / 1000) + 600)
    const cands = await page.evaluate(async ({ cred, url }) => {
      const pc = new RTCPeerConnection({ iceServers: [{ urls: [url], ...cred }], iceTransportPolicy: 'relay' })
      pc.createDataChannel('x')
      const out: string[] = []
      pc.onicecandidate = (e) => e.candidate && out.push(e.candidate.candidate)
      pc.onicecandidateerror = (e: any) => out.push(`ERROR ${e.errorCode} ${e.errorText} ${e.url}`)
      await pc.setLocalDescription()
      await new Promise<void>((r) => { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 15000) })
      return out
    }, { cred, url: process.env.SCRATCH_URL ?? 'turns:203.0.113.10:443?transport=tcp' })
    console.log(cands.join('\n'))
    console.log(coturn.output().split('\n').slice(-15).join('\n'))
    expect(true).toBe(true)
  } finally {
    await lab.close()
  }
})
