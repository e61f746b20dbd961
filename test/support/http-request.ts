/**
 * A raw HTTP request for tests. `fetch` normalizes paths (`/../x` becomes `/x`), which would hide exactly the
 * traversal attempts the server must refuse; `node:http` sends the request target byte for byte.
 */
import { request } from 'node:http'

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface HttpRequestOptions {
  /** Extra request headers, e.g. a `Host` other than the URL's. */
  headers?: Record<string, string>
  /** Source address: any 127.x.y.z works on Linux, so one machine can play many clients. */
  localAddress?: string
}

export function httpRequest(baseUrl: string, path: string, method = 'GET', options: HttpRequestOptions = {}): Promise<HttpResult> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const extra = { ...(options.headers !== undefined ? { headers: options.headers } : {}), ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}) }
    const req = request({ host: hostname, port, path, method, agent: false, ...extra }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}
