/**
 * Settings → Server in words: what **Test** found, what the app uses now and why, in the language on screen. Read
 * inside a getter or template, so the words change with the language.
 */
import { assertNever } from '../../../shared/assert-never'
import { serverHostLabel } from '../../../shared/server-address'
import type { ServerChoice, ServerChoiceProblem, ServerTestResult } from '../../../shared/server-choice'
import { serverText } from '../i18n/messages/server'

export interface TestWords {
  ok: boolean
  /** The stable code (`SERVER_TEST_…`), or `SERVER_TEST_OK`, for the page's `data-code`. */
  code: string
  text: string
}

export function describeServerTest(result: ServerTestResult): TestWords {
  const words = serverText()
  if (result.ok) return { ok: true, code: 'SERVER_TEST_OK', text: `${words.works(result.version)} ${words.turn(result.turn)}` }
  const problem = result.problem
  const text = (() => {
    switch (problem.code) {
      case 'SERVER_TEST_BAD_ADDRESS':
        return words.addressProblem[problem.problem]
      case 'SERVER_TEST_NAME_NOT_FOUND':
        return problem.reason === 'unknown-name' ? words.nameNotFound(problem.host) : words.lookupFailed(problem.host)
      case 'SERVER_TEST_NO_ANSWER':
        return words.noAnswer[problem.reason]
      case 'SERVER_TEST_BAD_CERTIFICATE':
        // The TLS library's code too: it is what an administrator searches for.
        return `${words.certificate[problem.reason]} (${problem.detail})`
      case 'SERVER_TEST_NOT_TONGHWA':
        return words.notTonghwa(problem.detail)
      case 'SERVER_TEST_OTHER_PROTOCOL':
        return words.otherProtocol(problem.theirs, problem.ours)
      case 'SERVER_TEST_ORIGIN_REFUSED':
        return words.originRefused
      case 'SERVER_TEST_HOST_REFUSED':
        return words.hostRefused(problem.host)
      case 'SERVER_TEST_BUSY':
        return words.busy(problem.retryAfterMs)
      default:
        return assertNever(problem, 'server test problem')
    }
  })()
  return { ok: false, code: problem.code, text }
}

/** "Now: signal.example.org, chosen here." */
export function describeChoice(choice: ServerChoice): string {
  const words = serverText()
  return choice.kind === 'automatic' ? words.nowAutomatic : words.nowServer[choice.source](serverHostLabel(choice.url))
}

export function describeChoiceProblem(problem: ServerChoiceProblem): string {
  const words = serverText()
  return problem.code === 'SERVER_CHOICE_ERR_BAD_SETTING' ? words.badSetting(problem.reason) : words.badPackaged(problem.path, problem.reason)
}
