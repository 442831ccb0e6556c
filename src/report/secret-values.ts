import type { RenderSettings } from '../task-definition/index.js'

/**
 * The values to register with the runner's secret masker (core.setSecret), so they show as `***`
 * wherever they might appear: an error message, a line from ECS quoting them, a log line.
 *
 * Masked:
 * - every value of the `environment-variables` input: the input invites secrets in plain text;
 * - `secrets` valueFroms that are ARNs: they name the account and the secret, and are long and
 *   unique enough that masking them hides nothing else (a bare parameter name such as `DB_PASSWORD`
 *   is often the variable's own name: masking it would blank that name in the diff; the diff and
 *   the summary redact it anyway);
 * - the AWS credentials in the environment (configure-aws-credentials masks them too; belt and braces).
 *
 * Not masked: values too short or too plain to be secrets. The masker replaces every occurrence,
 * so masking `1` or `on` would blank those characters all over the log, and `true` would hide it in
 * every line of the diff. A value shorter than MIN_MASKED_LENGTH has too few possibilities to be
 * worth hiding; booleans and small integers (ports, counts, sizes) are configuration, not secrets.
 * With `show-environment-values: true` the user asked to see the environment values (a secret from
 * `${{ secrets.X }}` is still masked by the runner, which knows it).
 *
 * Values from the task definition file are not masked: they are mostly plain configuration
 * (PORT=8080, NODE_ENV=production) whose masking would garble the log; the action never prints them
 * (the diff redacts them), which is what protects them.
 */
export const MIN_MASKED_LENGTH = 4

const PLAIN = /^(?:true|false|yes|no|on|off|null|none|[+-]?\d{1,5})$/i

/** Whether masking this value protects something and hides nothing else. */
export function worthMasking(value: string): boolean {
  const text = value.trim()
  return text.length >= MIN_MASKED_LENGTH && !PLAIN.test(text)
}

/**
 * A value and the forms it takes when printed: each line of a multi-line value (the runner masks
 * line by line, and a PEM key never appears whole on one line) and its JSON-escaped form.
 */
function forms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1)
  return [value, value.trim(), json, ...value.split(/\r\n|\r|\n/).map((line) => line.trim())]
}

const AWS_CREDENTIALS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']

export function valuesToMask(options: {
  render: Pick<RenderSettings, 'environment' | 'secrets'>
  /** show-environment-values */
  showValues: boolean
  /** The process environment, for the AWS credentials. */
  env: Readonly<Record<string, string | undefined>>
}): string[] {
  const { render, showValues, env } = options
  const candidates = [
    ...(showValues ? [] : (render.environment ?? []).map(([, value]) => value)),
    ...(showValues
      ? []
      : (render.secrets ?? [])
          .map(([, valueFrom]) => valueFrom.trim())
          .filter((valueFrom) => valueFrom.startsWith('arn:'))),
    ...AWS_CREDENTIALS.map((name) => env[name] ?? '')
  ]
  return [...new Set(candidates.flatMap(forms))].filter(worthMasking)
}
