import { describe, expect, it } from '@jest/globals'
import {
  parseCpuUnits,
  parseMemoryMiB,
  validateTaskDefinition
} from '../../src/task-definition/index.js'

/**
 * The Fargate table as the AWS docs give it ("Task CPU and memory"; RegisterTaskDefinition
 * `memory`), written out here independently of src so a wrong table in src fails these tests.
 */
const GB = 1024
const DOCS: Record<number, (memory: number) => boolean> = {
  256: (m) => [512, 1 * GB, 2 * GB].includes(m),
  512: (m) => [1, 2, 3, 4].map((g) => g * GB).includes(m),
  1024: (m) => [2, 3, 4, 5, 6, 7, 8].map((g) => g * GB).includes(m),
  2048: (m) => m >= 4 * GB && m <= 16 * GB && m % GB === 0,
  4096: (m) => m >= 8 * GB && m <= 30 * GB && m % GB === 0,
  8192: (m) => m >= 16 * GB && m <= 60 * GB && m % (4 * GB) === 0,
  16384: (m) => m >= 32 * GB && m <= 120 * GB && m % (8 * GB) === 0
}

function fargate(cpu: string, memory: string, extra: Record<string, unknown> = {}): unknown {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu,
    memory,
    containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }],
    ...extra
  }
}

function sizeProblems(td: unknown): string[] {
  return validateTaskDefinition(td)
    .filter((problem) => problem.path === 'cpu' || problem.path === 'memory')
    .map((problem) => `${problem.path}: ${problem.message}`)
}

describe('Fargate cpu and memory pairs', () => {
  const memories = Array.from({ length: 240 }, (_, i) => (i + 1) * 512)

  it.each(Object.keys(DOCS).map(Number))(
    'accepts exactly the documented memory for cpu %i',
    (cpu) => {
      const accepted = memories.filter(
        (memory) => sizeProblems(fargate(String(cpu), String(memory))).length === 0
      )
      expect(accepted).toEqual(memories.filter((memory) => DOCS[cpu]?.(memory)))
      expect(accepted.length).toBeGreaterThan(2)
    }
  )

  it.each([
    ['.25 vCPU', '0.5GB'],
    ['0.25 vCPU', '512'],
    ['.5 vcpu', '1 GB'],
    ['1 vCPU', '2 GB'],
    ['1vCPU', '8GB'],
    ['2 vCPU', '16 gb'],
    ['4 VCPU', '30 GB'],
    ['8 vCPU', '60 GB'],
    ['16 vCPU', '120 GB'],
    ['1024', '3 GB'],
    ['4 vCPU', '8192']
  ])('accepts the unit forms cpu %j, memory %j', (cpu, memory) => {
    expect(sizeProblems(fargate(cpu, memory))).toEqual([])
  })

  it.each([
    [
      '256',
      '4096',
      'memory: "4096" does not go with cpu "256" on Fargate: with 256 CPU units (.25 vCPU) memory must be 512, 1024 or 2048 (MiB)'
    ],
    [
      '512',
      '512',
      'memory: "512" does not go with cpu "512" on Fargate: with 512 CPU units (.5 vCPU) memory must be 1024, 2048, 3072 or 4096 (MiB)'
    ],
    [
      '1 vCPU',
      '16 GB',
      'memory: "16 GB" (16384 MiB) does not go with cpu "1 vCPU" (1024 CPU units) on Fargate: with 1024 CPU units (1 vCPU) memory must be 2048, 3072, 4096, 5120, 6144, 7168 or 8192 (MiB)'
    ],
    [
      '2048',
      '4500',
      'memory: "4500" does not go with cpu "2048" on Fargate: with 2048 CPU units (2 vCPU) memory must be 4096 to 16384 in steps of 1024 (MiB)'
    ],
    [
      '4096',
      '32768',
      'memory: "32768" does not go with cpu "4096" on Fargate: with 4096 CPU units (4 vCPU) memory must be 8192 to 30720 in steps of 1024 (MiB)'
    ],
    [
      '8192',
      '18432',
      'memory: "18432" does not go with cpu "8192" on Fargate: with 8192 CPU units (8 vCPU) memory must be 16384 to 61440 in steps of 4096 (MiB)'
    ],
    [
      '16384',
      '36864',
      'memory: "36864" does not go with cpu "16384" on Fargate: with 16384 CPU units (16 vCPU) memory must be 32768 to 122880 in steps of 8192 (MiB)'
    ],
    [
      '3072',
      '8192',
      'cpu: "3072" is not a size Fargate offers: use 256 (.25 vCPU), 512 (.5 vCPU), 1024 (1 vCPU), 2048 (2 vCPU), 4096 (4 vCPU), 8192 (8 vCPU) or 16384 (16 vCPU)'
    ],
    [
      '3 vCPU',
      '8192',
      'cpu: "3 vCPU" (3072 CPU units) is not a size Fargate offers: use 256 (.25 vCPU)'
    ],
    [
      '0.3 vCPU',
      '512',
      'cpu: "0.3 vCPU" is not a cpu amount ECS accepts: write CPU units ("1024") or vCPUs ("1 vCPU")'
    ]
  ])('rejects cpu %j with memory %j, listing what would fit', (cpu, memory, message) => {
    const problems = sizeProblems(fargate(cpu, memory))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(message)
  })

  it.each([
    [
      '512',
      '1024',
      'cpu: "512" is not a size Windows tasks on Fargate offers: use 1024 (1 vCPU), 2048 (2 vCPU) or 4096 (4 vCPU)'
    ],
    ['8192', '16384', 'cpu: "8192" is not a size Windows tasks on Fargate offers']
  ])('Windows on Fargate: rejects cpu %j', (cpu, memory, message) => {
    const windows = { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }
    expect(sizeProblems(fargate(cpu, memory, windows))).toEqual([expect.stringContaining(message)])
    expect(sizeProblems(fargate('2048', '8192', windows))).toEqual([])
  })

  it('applies no pair rule outside Fargate', () => {
    const ec2 = { requiresCompatibilities: ['EC2'], networkMode: 'bridge' }
    expect(sizeProblems(fargate('3072', '100', ec2))).toEqual([])
    expect(sizeProblems(fargate('128', '64 GB', ec2))).toEqual([])
  })

  it('checks the pair when FARGATE is one of several compatibilities', () => {
    const both = { requiresCompatibilities: ['EC2', 'FARGATE'] }
    expect(sizeProblems(fargate('256', '4096', both))).toHaveLength(1)
  })
})

describe('parseCpuUnits and parseMemoryMiB', () => {
  it.each([
    ['256', 256],
    [' 1024 ', 1024],
    ['1 vCPU', 1024],
    ['.25 vcpu', 256],
    ['0.5vCPU', 512],
    ['16 VCPU', 16384],
    ['0.3 vCPU', undefined],
    ['1 core', undefined],
    ['1.5', undefined],
    ['-256', undefined],
    ['', undefined]
  ])('cpu %j → %p', (text, units) => {
    expect(parseCpuUnits(text)).toBe(units)
  })

  it.each([
    ['512', 512],
    ['2 GB', 2048],
    ['0.5GB', 512],
    ['120 gb', 122880],
    ['2 GiB', undefined],
    ['2048 MiB', undefined],
    ['0.3 GB', undefined],
    ['', undefined]
  ])('memory %j → %p', (text, mib) => {
    expect(parseMemoryMiB(text)).toBe(mib)
  })
})
