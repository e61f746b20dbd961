/**
 * Certificates for tests of what a TLS client refuses, made with `openssl` (Debian: openssl) into a directory the
 * test owns: a test CA the client is told to trust, and server certificates that are
 * - `good`: signed by the CA, for `localhost` and 127.0.0.1;
 * - `wrongName`: signed by the CA, for `other.example` only;
 * - `expired`: signed by the CA, for `localhost`, its validity over before the test starts;
 * - `selfSigned`: for `localhost`, signed by its own key (no CA vouches for it).
 * One key serves every server certificate: only the certificates differ. Takes well under a second.
 */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface ServerCertificate {
  cert: string
  key: string
}

export interface TestCertificates {
  /** The test CA's certificate (PEM): give it to the client as `ca`. */
  ca: string
  good: ServerCertificate
  wrongName: ServerCertificate
  expired: ServerCertificate
  selfSigned: ServerCertificate
}

export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name)
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Tonghwa test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', file('ca-key.pem'), '-out', file('ca.pem')])
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', file('server-key.pem'), '-out', file('server.csr')])
  const signed = async (name: string, altNames: string, days: string) => {
    await writeFile(file(`${name}.cnf`), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
    // `-days -1`: valid until a day before it was made, i.e. already expired.
    await openssl(['x509', '-req', '-days', days, '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'),
      '-set_serial', String(Math.floor(Math.random() * 1e9)), '-extfile', file(`${name}.cnf`), '-out', file(`${name}.pem`)])
  }
  await signed('good', 'DNS:localhost,IP:127.0.0.1', '1')
  await signed('wrong-name', 'DNS:other.example', '1')
  await signed('expired', 'DNS:localhost,IP:127.0.0.1', '-1')
  await openssl(['req', '-x509', '-key', file('server-key.pem'), '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-out', file('self-signed.pem')])

  const key = await readFile(file('server-key.pem'), 'utf8')
  const cert = async (name: string): Promise<ServerCertificate> => ({ cert: await readFile(file(`${name}.pem`), 'utf8'), key })
  return {
    ca: await readFile(file('ca.pem'), 'utf8'),
    good: await cert('good'),
    wrongName: await cert('wrong-name'),
    expired: await cert('expired'),
    selfSigned: await cert('self-signed'),
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await promisify(execFile)('openssl', args, { timeout: 20_000 })
  } catch (error) {
    throw new Error(`openssl failed (is it installed? apt-get install openssl): ${(error as Error).message}`)
  }
}
