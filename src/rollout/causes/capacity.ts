import type { Rule } from './types.js'
import { cause, textRule } from './text.js'

/** Causes of tasks that ECS could not place or that lost their capacity. */

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
// ("was unable to place a task because no container instance met all of its requirements", with
// the causes: no container instances, not enough ports / port already in use, memory, CPU, ENIs)
const EVENTS_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
// (TaskFailedToStart: RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:ENI; RESOURCE:* covers ports)
const FAILURES_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html'
// https://repost.aws/knowledge-center/ecs-fargate-runtask-capacity
// ("Capacity is unavailable at this time. Please try again later or in a different availability zone")
const FARGATE_PAGE = 'https://repost.aws/knowledge-center/ecs-fargate-runtask-capacity'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
// (stop code SpotInterruption / TerminationNotice, "Your Spot Task was interrupted.")
const SPOT_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html'
// https://repost.aws/knowledge-center/ecs-task-stopped ("Task stopped by user"; stop code UserInitiated)
const STOPPED_KC = 'https://repost.aws/knowledge-center/ecs-task-stopped'

const PLACEMENT =
  /unable\s+to\s+place\s+a?\s*task.*no\s+container\s+instances?\s+met|no\s+container\s+instances?\s+(?:were\s+)?found/i

const noInstances = textRule('no-container-instances', (text) => PLACEMENT.test(text), {
  source: EVENTS_PAGE,
  summary: 'no container instance in the cluster could take the task (unable to place a task)',
  advice:
    "Check that the cluster has ACTIVE container instances (or a capacity provider that can scale out) in the service's subnets, and that its placement constraints can be met.",
  unless: ['insufficient-cpu', 'insufficient-memory', 'ports-in-use', 'network-interfaces']
})

const CPU = /insufficient\s+CPU|RESOURCE:\s*CPU|not\s+enough\s+CPU/i

const insufficientCpu = textRule('insufficient-cpu', (text) => CPU.test(text), {
  source: FAILURES_PAGE,
  summary: 'no container instance had enough free CPU for the task',
  advice:
    "Lower the task's cpu, or add or enlarge container instances (a rolling deployment needs room for old and new tasks at once)."
})

const MEMORY = /insufficient\s+memory|RESOURCE:\s*MEMORY|not\s+enough\s+memory/i

const insufficientMemory = textRule('insufficient-memory', (text) => MEMORY.test(text), {
  source: FAILURES_PAGE,
  summary: 'no container instance had enough free memory for the task',
  advice:
    "Lower the task's memory, or add or enlarge container instances (a rolling deployment needs room for old and new tasks at once)."
})

// "port is already allocated" is Docker's bind error; unconfirmed wording for ECS, matched loosely.
const PORTS =
  /already\s+using\s+a\s+port|RESOURCE:\s*PORTS|not\s+enough\s+ports|port\s+is\s+already\s+allocated/i

const portsInUse = textRule('ports-in-use', (text) => PORTS.test(text), {
  source: EVENTS_PAGE,
  summary: 'the fixed host port the task maps is already taken on every instance that could run it',
  advice:
    'Use dynamic host ports (hostPort 0, or the awsvpc network mode), or have one instance per task for each fixed port.'
})

const FARGATE = /capacity\s+is\s+unavailable/i

const fargateCapacity = textRule('fargate-capacity', (text) => FARGATE.test(text), {
  source: FARGATE_PAGE,
  summary: 'Fargate had no capacity for the task at the time (Capacity is unavailable)',
  advice:
    'Deploy again later, and give the service subnets in more Availability Zones so Fargate can place tasks elsewhere.'
})

const ENI = /RESOURCE:\s*ENI|ENI\s+attachment/i
// unconfirmed wording: EC2's InsufficientFreeAddressesInSubnet; no ECS page quotes the message.
const ADDRESSES = /free\s+addresses\s+in\s+(?:the\s+)?subnet|InsufficientFreeAddressesInSubnet/i

const networkInterfaces: Rule = {
  id: 'network-interfaces',
  fromText(text) {
    if (ADDRESSES.test(text)) {
      return cause(
        'network-interfaces',
        EVENTS_PAGE,
        "a subnet of the service has no free IP address left for the tasks' network interfaces",
        "Add subnets with free addresses (or larger ones) to the service's network configuration: every awsvpc task takes one.",
        'subnet'
      )
    }
    return ENI.test(text)
      ? cause(
          'network-interfaces',
          EVENTS_PAGE,
          'the container instances have no free network interface (ENI) slot for awsvpc tasks',
          'Add container instances, use instance types with more ENIs, or turn on the awsvpcTrunking account setting.',
          'eni'
        )
      : undefined
  }
}

const SPOT = /spot\s+task\s+was\s+interrupted|spot\s*interruption/i

const spotInterruption: Rule = {
  id: 'spot-interruption',
  fromTask(task) {
    const spot =
      task.stopCode === 'SpotInterruption' ||
      task.texts.some((text) => SPOT.test(text)) ||
      (task.stopCode === 'TerminationNotice' && /spot/i.test(task.stoppedReason))
    return spot ? [spotCause()] : []
  },
  fromText: (text) => (SPOT.test(text) ? spotCause() : undefined)
}

function spotCause() {
  return cause(
    'spot-interruption',
    SPOT_PAGE,
    'Spot capacity was taken back and the tasks were interrupted (SpotInterruption)',
    'This is not a fault of the new revision: deploy again, and keep a base of on-demand capacity in the capacity provider strategy of a service that must not pause.'
  )
}

const stoppedByUser: Rule = {
  id: 'task-stopped-by-user',
  fromTask: (task) =>
    task.stopCode === 'UserInitiated'
      ? [
          cause(
            'task-stopped-by-user',
            STOPPED_KC,
            'tasks were stopped by a person or a script calling StopTask (UserInitiated)',
            'Find who stopped them (StopTask calls in CloudTrail) before deploying again.'
          )
        ]
      : []
}

export const capacityRules: readonly Rule[] = [
  noInstances,
  insufficientCpu,
  insufficientMemory,
  portsInUse,
  fargateCapacity,
  networkInterfaces,
  spotInterruption,
  stoppedByUser
]
