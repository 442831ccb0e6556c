import type { ProblemList } from './field-checks.js'

/**
 * Task-level cpu and memory. ECS takes cpu as CPU units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")
 * and memory as MiB ("2048") or GB ("2 GB", "2GB"), and converts both to integers at registration.
 * On Fargate only certain pairs exist (AWS docs, "Task CPU and memory", and the
 * RegisterTaskDefinition `memory` member): the table below.
 */

interface FargateCpu {
  readonly cpu: number
  readonly vcpu: string
  readonly memory: readonly number[]
  /** 8 and 16 vCPU need Linux platform 1.4.0; Windows on Fargate offers 1 to 4 vCPU. */
  readonly linuxOnly: boolean
}

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = []
  for (let value = from; value <= to; value += step) values.push(value)
  return values
}

export const FARGATE_SIZES: readonly FargateCpu[] = [
  { cpu: 256, vcpu: '.25 vCPU', memory: [512, 1024, 2048], linuxOnly: true },
  { cpu: 512, vcpu: '.5 vCPU', memory: steps(1024, 4096, 1024), linuxOnly: true },
  { cpu: 1024, vcpu: '1 vCPU', memory: steps(2048, 8192, 1024), linuxOnly: false },
  { cpu: 2048, vcpu: '2 vCPU', memory: steps(4096, 16384, 1024), linuxOnly: false },
  { cpu: 4096, vcpu: '4 vCPU', memory: steps(8192, 30720, 1024), linuxOnly: false },
  { cpu: 8192, vcpu: '8 vCPU', memory: steps(16384, 61440, 4096), linuxOnly: true },
  { cpu: 16384, vcpu: '16 vCPU', memory: steps(32768, 122880, 8192), linuxOnly: true }
]

/** CPU units from "1024", "1 vCPU" or "0.5vcpu"; undefined when the text is neither. */
export function parseCpuUnits(text: string): number | undefined {
  return parseAmount(text, /^\s*(\d+)\s*$/, /^\s*(\d*\.?\d+)\s*vcpu\s*$/i)
}

/** MiB from "2048", "2 GB" or "0.5GB"; undefined when the text is neither. */
export function parseMemoryMiB(text: string): number | undefined {
  return parseAmount(text, /^\s*(\d+)\s*$/, /^\s*(\d*\.?\d+)\s*gb\s*$/i)
}

function parseAmount(text: string, plain: RegExp, scaled: RegExp): number | undefined {
  const whole = plain.exec(text)
  if (whole?.[1] !== undefined) return Number(whole[1])
  const unit = scaled.exec(text)
  if (unit?.[1] === undefined) return undefined
  const value = Number(unit[1]) * 1024
  return Number.isInteger(value) ? value : undefined
}

export const CPU_FORMS = 'CPU units ("1024") or vCPUs ("1 vCPU")'
export const MEMORY_FORMS = 'MiB ("2048") or GB ("2 GB")'

export interface TaskSizeFacts {
  readonly fargate: boolean
  readonly windows: boolean
}

/** Checks the task-level cpu and memory strings (other types are reported elsewhere). */
export function checkTaskSize(
  problems: ProblemList,
  cpuText: unknown,
  memoryText: unknown,
  facts: TaskSizeFacts
): void {
  const cpu = typeof cpuText === 'string' ? amount(problems, 'cpu', cpuText) : undefined
  const memory = typeof memoryText === 'string' ? amount(problems, 'memory', memoryText) : undefined
  if (!facts.fargate || cpu === undefined) return

  const size = FARGATE_SIZES.find((entry) => entry.cpu === cpu)
  const shownCpu = shown(cpuText as string, cpu, 'CPU units')
  if (size === undefined || (facts.windows && size.linuxOnly)) {
    const offered = FARGATE_SIZES.filter((entry) => !facts.windows || !entry.linuxOnly)
    const what = facts.windows ? 'Windows tasks on Fargate' : 'Fargate'
    problems.add(
      'cpu',
      `${shownCpu} is not a size ${what} offers: use ${orList(offered.map((entry) => `${entry.cpu} (${entry.vcpu})`))}`
    )
    return
  }
  if (memory === undefined || size.memory.includes(memory)) return
  problems.add(
    'memory',
    `${shown(memoryText as string, memory, 'MiB')} does not go with cpu ${shownCpu} on Fargate: with ${size.cpu} CPU units (${size.vcpu}) memory must be ${memoryChoices(size.memory)} (MiB)`
  )
}

function amount(problems: ProblemList, key: 'cpu' | 'memory', text: string): number | undefined {
  const value = key === 'cpu' ? parseCpuUnits(text) : parseMemoryMiB(text)
  if (value === undefined || value === 0) {
    const forms = key === 'cpu' ? CPU_FORMS : MEMORY_FORMS
    problems.add(key, `${JSON.stringify(text)} is not a ${key} amount ECS accepts: write ${forms}`)
    return undefined
  }
  return value
}

/** `"256"`, or `"2 GB" (2048 MiB)` when the text uses the other unit. */
function shown(text: string, value: number, unit: string): string {
  return /^\s*\d+\s*$/.test(text)
    ? JSON.stringify(text)
    : `${JSON.stringify(text)} (${value} ${unit})`
}

/** Short lists in full; long, regular ones as a range with its step. */
function memoryChoices(values: readonly number[]): string {
  const first = values[0]
  const second = values[1]
  const last = values[values.length - 1]
  if (values.length <= 7 || first === undefined || second === undefined || last === undefined) {
    return orList(values.map(String))
  }
  return `${first} to ${last} in steps of ${second - first}`
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`
}
