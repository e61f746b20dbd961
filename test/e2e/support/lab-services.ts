/**
 * The public side of a lab call: the standalone signaling server (the built `out/server/cli.js`, serving the
 * web app from `out/renderer`) and coturn, both in one lab server's namespace on its documentation address,
 * configured as docs/deployment.md describes: STUN and TURN on 3478 over UDP and TCP, TURN over TLS on 443
 * with a certificate for the address, TURN REST credentials from a shared secret, and the server handing out
 * all three TURN URLs itself (`TONGHWA_TURN_URLS`). Both are tracked by the lab and stop with `lab.close()`.
 *
 *   const services = await startLabServices(lab, lab.computer('public'))
 *   services.appUrl          // 'http://203.0.113.10/'
 *
 * The signaling server listens on port 80, so a home whose firewall lets only the web out (80 and 443) still
 * reaches it; over plain HTTP, which is why Chromium needs `insecureOriginFlag` for camera and microphone.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { waitUntilReady, type RunningProcess } from '../../support/child-process'
import { runProbe, type Lab, type LabComputer } from '../../support/netlab'
import { makeLabTls } from './lab-tls'

export const SIGNALING_PORT = 80
export const TURN_PORT = 3478
export const TURNS_PORT = 443

export interface LabServices {
  /** The web app's address, `http://<server>/`. */
  appUrl: string
  /** `http://<server>`: give it to `--unsafely-treat-insecure-origin-as-secure`. */
  origin: string
  /** Where coturn listens and relays: the server's address. */
  relayAddress: string
  /** The TURN URLs the signaling server hands out, UDP first. */
  turnUrls: readonly string[]
  /** A `HOME` for Chromium that trusts the relay's certificate (lab-tls.ts). */
  chromiumHome: string
  signaling: RunningProcess
  coturn: RunningProcess
}

export interface LabServicesOptions {
  /** Which TURN URLs the signaling server hands out. Default all three: UDP, TCP and TLS on 443. */
  turnUrls?: (address: string) => string[]
  /** Certify another address than the server's (to see Chromium refuse the relay's certificate). */
  certifiedAddress?: string
}

const CLI = resolve('out/server/cli.js')

/** Starts coturn and the signaling server in `server`'s namespace and waits until both answer. */
export async function startLabServices(lab: Lab, server: LabComputer, options: LabServicesOptions = {}): Promise<LabServices> {
  if (!existsSync(CLI) || !existsSync(resolve('out/renderer/index.html'))) {
    throw new Error('out/server/cli.js or out/renderer is missing: run `npm run build` first (npm test does)')
  }
  const address = server.address
  const dir = lab.directory()
  const secret = randomBytes(16).toString('hex')
  const tls = await makeLabTls(dir, address, options.certifiedAddress === undefined ? {} : { certifiedAddress: options.certifiedAddress })
  const turnUrls = options.turnUrls?.(address) ?? [
    `turn:${address}:${TURN_PORT}?transport=udp`,
    `turn:${address}:${TURN_PORT}?transport=tcp`,
    `turns:${address}:${TURNS_PORT}?transport=tcp`,
  ]

  // The production choices that matter here (deploy/turnserver.conf): REST credentials, no DTLS, TLS 1.2+, no
  // TCP relay allocations. Not its deny list: that refuses the documentation ranges, which are this lab's
  // whole internet.
  const coturn = lab.spawn(server, 'turnserver', [
    '-n',
    `--listening-ip=${address}`,
    `--relay-ip=${address}`,
    `--listening-port=${TURN_PORT}`,
    `--tls-listening-port=${TURNS_PORT}`,
    `--cert=${tls.certFile}`,
    `--pkey=${tls.keyFile}`,
    '--no-dtls',
    '--no-tlsv1',
    '--no-tlsv1_1',
    '--min-port=49152',
    '--max-port=65535',
    '--realm=tonghwa.lab',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--no-tcp-relay',
    '--no-multicast-peers',
    '--no-cli',
    '--fingerprint',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb')}`,
  ])
  const signaling = lab.spawnNode(server, [CLI, '--host', address, '--port', String(SIGNALING_PORT)], {
    env: {
      ...process.env,
      TONGHWA_STUN_URLS: `stun:${address}:${TURN_PORT}`,
      TONGHWA_TURN_URLS: turnUrls.join(','),
      TONGHWA_TURN_SECRET: secret,
      TONGHWA_METRICS: 'false',
    },
  })
  await Promise.all([
    waitUntilReady(coturn, 'coturn answering STUN on UDP', async () => (await lab.exec(server, 'turnutils_stunclient', ['-p', String(TURN_PORT), address], { timeoutMs: 1_000, allowFailure: true })).code === 0),
    waitUntilReady(coturn, 'coturn accepting TCP and TLS', async () => (await connects(lab, server, `${address}:${TURN_PORT}`)) && (await connects(lab, server, `${address}:${TURNS_PORT}`))),
    waitUntilReady(signaling, 'the signaling server', async () => /"msg":"listening"/.test(signaling.output())),
  ])
  const origin = `http://${address}`
  return { appUrl: `${origin}/`, origin, relayAddress: address, turnUrls, chromiumHome: tls.chromiumHome, signaling, coturn }
}

async function connects(lab: Lab, from: LabComputer, target: string): Promise<boolean> {
  return (await runProbe(lab, from, ['tcp-connect', target, '500'])).connected === true
}
