/**
 * The network lab itself (test/support/netlab): that its networks connect what they should and nothing else,
 * that NAT, firewall and impairments do what the NAT and bad-network tests will rely on, and that every
 * namespace goes away, also when the test process is killed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createLab,
  dropPackets,
  flapLink,
  labSkipReason,
  limitRate,
  clearImpairments,
  listNamespacesSync,
  probeResults,
  runProbe,
  startProbe,
  type Lab,
} from '../support/netlab'

const ROOT = resolve(import.meta.dirname, '../..')
const skipReason = await labSkipReason()
const describeLab = describe.skipIf(skipReason !== undefined)
const title = (name: string) => (skipReason === undefined ? name : `${name} (skipped: ${skipReason})`)

describeLab(title('a lab network'), () => {
  let lab: Lab
  let rootLinksBefore: string
  beforeAll(async () => {
    rootLinksBefore = rootNamespaceLinks()
    lab = await createLab({
      networks: [
        { name: 'office', subnet: '10.77.0.0/24', computers: ['alice', 'bob'] },
        { name: 'cafe', subnet: '10.78.0.0/24', computers: ['carol'] },
      ],
    })
    await startProbe(lab, lab.computer('bob'), ['tcp-sink', '7000'])
    await startProbe(lab, lab.computer('bob'), ['udp-echo', '5000'])
  }, 20_000)
  afterAll(() => lab?.close())

  it('adds no link, address or route to the root namespace', () => {
    expect(rootNamespaceLinks()).toBe(rootLinksBefore)
  })

  it('gives every namespace lo, a default route, IPv6 off and rp_filter 0', async () => {
    for (const ns of lab.namespaces) {
      const lo = await lab.exec(ns, 'ip', ['-br', 'link', 'show', 'lo'])
      const route = await lab.exec(ns, 'ip', ['route', 'show', 'default'])
      const sysctl = await lab.exec(ns, 'sysctl', ['-n', 'net.ipv6.conf.all.disable_ipv6', 'net.ipv4.conf.all.rp_filter'])
      expect(lo.stdout, ns).toContain('UP')
      expect(route.stdout, ns).toMatch(/^default /)
      expect(sysctl.stdout.split('\n').slice(0, 2), ns).toEqual(['1', '0'])
    }
  })

  it('connects two computers on one network over TCP and UDP, each seeing the other by its lab address', async () => {
    const [alice, bob] = [lab.computer('alice'), lab.computer('bob')]
    expect(await runProbe(lab, alice, ['tcp-connect', `${bob.address}:7000`, '2000'])).toEqual({ connected: true })
    const asked = await runProbe(lab, alice, ['udp-ask', '2000', `${bob.address}:5000`])
    expect(asked.replies).toEqual({ [`${bob.address}:5000`]: `${alice.address}:${asked.localPort}` })
  })

  it('keeps a computer on another network from reaching them', async () => {
    const [carol, bob] = [lab.computer('carol'), lab.computer('bob')]
    expect(await runProbe(lab, carol, ['tcp-connect', `${bob.address}:7000`, '1000'])).toMatchObject({ connected: false })
    const asked = await runProbe(lab, carol, ['udp-ask', '1000', `${bob.address}:5000`])
    expect(asked.replies).toEqual({ [`${bob.address}:5000`]: null })
  })

  it('caps throughput with a rate limit: about 2 Mbit/s instead of hundreds', async () => {
    const [alice, bob] = [lab.computer('alice'), lab.computer('bob')]
    const sink = await startProbe(lab, bob, ['tcp-sink', '7001'])
    let connections = 0
    const send = async () => {
      await runProbe(lab, alice, ['tcp-send', `${bob.address}:7001`, '500000'], 15_000)
      const results = await probeResults(sink, ++connections, 10_000)
      const { bytes, ms } = results.at(-1) as { bytes: number; ms: number }
      expect(bytes).toBe(500_000)
      return (bytes * 8) / Math.max(ms, 1) / 1000 // Mbit/s
    }
    const free = await send()
    await limitRate(alice.link, { kbit: 2000, direction: 'up' })
    const capped = await send().finally(() => clearImpairments(alice.link))
    console.log(`netlab: TCP ${free.toFixed(0)} Mbit/s free, ${capped.toFixed(2)} Mbit/s under a 2 Mbit/s cap`)
    expect(free).toBeGreaterThan(20)
    expect(capped).toBeGreaterThan(1.0)
    expect(capped).toBeLessThan(2.2)
  }, 30_000)

  it('drops about the configured share of UDP packets, and none without loss', async () => {
    const [alice, bob] = [lab.computer('alice'), lab.computer('bob')]
    const count = async (port: number) => {
      // 2 s of silence ends the count: a process starved by a busy machine must not stop counting early.
      const counter = await startProbe(lab, bob, ['udp-count', String(port), '2000'])
      expect(await runProbe(lab, alice, ['udp-send', `${bob.address}:${port}`, '2000'])).toEqual({ sent: 2000 })
      const [result] = await probeResults(counter, 1, 10_000)
      return (result as { received: number }).received
    }
    expect(await count(6000)).toBe(2000)
    await dropPackets(alice.link, { percent: 20, direction: 'up' })
    const lostShare = 1 - (await count(6001).finally(() => clearImpairments(alice.link))) / 2000
    console.log(`netlab: ${(lostShare * 100).toFixed(1)} % of 2000 UDP packets lost at 20 % configured loss`)
    // 2000 packets at 20 %: one standard deviation is 0.9 points; ±6 points never fails by chance.
    expect(lostShare).toBeGreaterThan(0.14)
    expect(lostShare).toBeLessThan(0.26)
  }, 30_000)
})

describeLab(title('a lab internet with homes behind NAT routers'), () => {
  let lab: Lab
  const server = '203.0.113.10'
  beforeAll(async () => {
    lab = await createLab({
      internet: {
        servers: ['public'],
        homes: [
          { name: 'minji', nat: 'cone' },
          { name: 'jun', nat: 'symmetric' },
          { name: 'office', nat: 'cone', blockUdp: true },
          { name: 'cafe', nat: 'cone', blockUdp: true, tcpPortsOut: [443] },
        ],
      },
    })
    expect(lab.computer('public').address).toBe(server)
    for (const port of ['5000', '5001']) await startProbe(lab, lab.computer('public'), ['udp-echo', port])
    await startProbe(lab, lab.computer('public'), ['tcp-sink', '7000'])
  }, 20_000)
  afterAll(() => lab?.close())

  const ask = (home: string, timeoutMs = 2000) => runProbe(lab, lab.computer(home), ['udp-ask', String(timeoutMs), `${server}:5000`, `${server}:5001`])

  it('shows a server a cone-NAT home by its router public address, with one port for every destination', async () => {
    const { replies } = await ask('minji')
    const publicAddress = lab.home('minji').router.wan.address
    const seen = Object.values(replies as Record<string, string>)
    expect(seen).toHaveLength(2)
    expect(seen[0]).toMatch(new RegExp(`^${publicAddress.replaceAll('.', '\\.')}:\\d+$`))
    expect(seen[0]).not.toContain(lab.computer('minji').address)
    expect(seen[1]).toBe(seen[0])
  })

  it('gives each destination another public port behind a symmetric NAT', async () => {
    const { replies } = await ask('jun')
    const [first, second] = Object.values(replies as Record<string, string>)
    expect(first?.split(':')[0]).toBe(lab.home('jun').router.wan.address)
    expect(second?.split(':')[0]).toBe(lab.home('jun').router.wan.address)
    expect(first).not.toBe(second)
  })

  it('lets nothing from outside open a connection into a home', async () => {
    const router = lab.home('minji').router.wan.address
    // Dropped by the firewall (a timeout), not refused by a router that merely has nothing listening.
    expect(await runProbe(lab, lab.computer('public'), ['tcp-connect', `${router}:7000`, '1000'])).toEqual({ connected: false, error: 'TIMEOUT' })
  })

  it('blocks UDP from a home with UDP blocked, while TCP gets out', async () => {
    const { replies } = await ask('office', 1000)
    expect(replies).toEqual({ [`${server}:5000`]: null, [`${server}:5001`]: null })
    expect(await runProbe(lab, lab.computer('office'), ['tcp-connect', `${server}:7000`, '2000'])).toEqual({ connected: true })
  })

  it('lets TCP out of a home with a web-only firewall only to the ports it allows', async () => {
    await startProbe(lab, lab.computer('public'), ['tcp-sink', '443'])
    expect(await runProbe(lab, lab.computer('cafe'), ['tcp-connect', `${server}:443`, '2000'])).toEqual({ connected: true })
    expect(await runProbe(lab, lab.computer('cafe'), ['tcp-connect', `${server}:7000`, '1000'])).toEqual({ connected: false, error: 'TIMEOUT' })
  })

  it('shows the server the new address after a home public address changes', async () => {
    const home = lab.home('minji')
    const before = home.router.wan.address
    const after = await lab.changePublicAddress(home)
    expect(after).not.toBe(before)
    const { replies } = await ask('minji')
    expect(Object.values(replies as Record<string, string>)[0]).toMatch(new RegExp(`^${after.replaceAll('.', '\\.')}:`))
  })

  it('cuts a home off while its link is down and reconnects it when the link returns', async () => {
    const flap = flapLink(lab.home('jun').router.wan, 1.5)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const during = await ask('jun', 800)
    await flap
    const after = await ask('jun')
    expect(Object.values(during.replies as Record<string, unknown>)).toEqual([null, null])
    expect(Object.values(after.replies as Record<string, unknown>)).not.toContain(null)
  })
})

describeLab(title('lab cleanup'), () => {
  it('removes every namespace and stops what ran inside on close()', async () => {
    const lab = await createLab({ networks: [{ name: 'brief', subnet: '10.98.0.0/24', computers: ['one'] }] })
    const probe = await startProbe(lab, lab.computer('one'), ['udp-echo', '5000'])
    expect(labNamespaces(lab.id)).toHaveLength(2)
    await lab.close()
    expect(labNamespaces(lab.id)).toEqual([])
    expect(await processRuns(probe.child.pid ?? 0)).toBe(false)
  })

  it('removes the lab of a test process killed with SIGTERM', async () => {
    const child = await startChildLab()
    expect(labNamespaces(child.labId)).toEqual([...child.namespaces].sort())
    child.process.kill('SIGTERM')
    expect(await child.exit).toBe('SIGTERM')
    expect(labNamespaces(child.labId)).toEqual([])
    expect(await processRuns(child.probePid)).toBe(false)
  }, 30_000)

  it('leaves a SIGKILLed process lab for the purge script, which removes it', async () => {
    const child = await startChildLab()
    child.process.kill('SIGKILL')
    await child.exit
    expect(labNamespaces(child.labId)).toHaveLength(child.namespaces.length)
    const purge = await runNode(['scripts/netlab-purge.mjs'])
    expect(purge).toContain(child.labId)
    expect(labNamespaces(child.labId)).toEqual([])
    expect(await processRuns(child.probePid)).toBe(false)
  }, 30_000)
})

function labNamespaces(labId: string): string[] {
  return listNamespacesSync()
    .filter((name) => name.startsWith(`${labId}-`))
    .sort()
}

/** Links, addresses and routes of the namespace the tests run in, which the lab must never change. */
function rootNamespaceLinks(): string {
  return [['-br', 'link'], ['-br', 'address'], ['route']].map((args) => spawnSync('ip', args, { encoding: 'utf8' }).stdout).join('\n')
}

/** Whether `pid` still runs, waiting up to 2 s for a SIGKILL to land. A zombie counts as gone: it runs nothing. */
async function processRuns(pid: number): Promise<boolean> {
  const deadline = Date.now() + 2_000
  for (;;) {
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : ''
    // Field 3, after the parenthesised command name, is the state.
    const running = stat !== '' && !/\) Z /.test(stat)
    if (!running || Date.now() > deadline) return running
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

interface ChildLab {
  process: ChildProcess
  labId: string
  namespaces: string[]
  probePid: number
  /** The signal that ended the child, or its exit code. */
  exit: Promise<string | number | null>
}

const children = new Set<ChildProcess>()
afterEach(() => {
  // A test that failed before killing its child: end it (its own exit hook removes its lab).
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  children.clear()
})

/** Starts netlab-child.ts in its own Node process and waits (at most 15 s) until its lab is up. */
async function startChildLab(): Promise<ChildLab> {
  const loader = "const { runnerImport } = await import('vite'); await runnerImport(process.argv[1])"
  const child = spawn(process.execPath, ['--input-type=module', '-e', loader, resolve(import.meta.dirname, 'netlab-child.ts')], { cwd: ROOT })
  children.add(child)
  const exit = new Promise<string | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)))
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const report = await new Promise<Omit<ChildLab, 'process' | 'exit'>>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the child lab was not up within 15 s:\n${output}`)), 15_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.split('\n').find((text) => text.startsWith('{"labId"'))
      if (line === undefined) return
      clearTimeout(timer)
      done(JSON.parse(line) as Omit<ChildLab, 'process' | 'exit'>)
    })
    void exit.then((how) => fail(new Error(`the child exited (${how}) before its lab was up:\n${output}`)))
  })
  return { ...report, process: child, exit }
}

/** Runs `node ARGS` in the project root to the end (at most 15 s); returns its stdout. */
async function runNode(args: string[]): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: ROOT, timeout: 15_000 })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.once('exit', done))
  expect(code).toBe(0)
  return stdout
}
