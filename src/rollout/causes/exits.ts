import type { ContainerFacts, Finding, Rule, TaskFacts } from './types.js'
import { cause, fragment, joined } from './text.js'

/** Causes of tasks that started and then stopped: memory, exit codes, health checks. */

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/out-of-memory.html
// ("OutOfMemoryError: Container killed due to memory usage"; exit codes 137 and 139 from
// https://repost.aws/knowledge-center/ecs-resolve-outofmemory-errors)
const OOM_PAGE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/out-of-memory.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
// ("Essential container in task exited"; "Task failed ELB health checks in (elb elb-name)")
const STOPPED_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-load-balancers.html
// (the event's wording is from service-unhealthy-event-messages.html on the same site:
// "(service s) (task t) (port p) is unhealthy in (target-group g) due to (reason r)")
const LB_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-load-balancers.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html
const HEALTH_PAGE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html'

const OOM = /out\s*of\s*memory/i

const outOfMemory: Rule = {
  id: 'out-of-memory',
  fromTask(task) {
    const names = task.containers.filter((c) => OOM.test(c.reason)).map((c) => c.name)
    if (names.length === 0 && !OOM.test(task.stoppedReason)) return []
    return [oomCause(names)]
  },
  fromText: (text) => (OOM.test(text) ? oomCause([]) : undefined)
}

function oomCause(names: readonly string[]): Finding {
  const who = names.length > 0 ? `container ${joined(names)}` : 'a container'
  return cause(
    'out-of-memory',
    OOM_PAGE,
    `${who} used more memory than its limit and was killed (OutOfMemoryError)`,
    'Raise the memory of the container or the task in the task definition, or find what grows (a leak, a cache, a heap set above the limit) in its logs and metrics.',
    joined(names)
  )
}

const ESSENTIAL = /essential\s+container\s+in\s+task\s+exited/i

/**
 * When an essential container exits, ECS stops the others, which then exit 143 (SIGTERM) or 137
 * (SIGKILL after the stop timeout). So the telling code is an ordinary one first, then 139, 137,
 * 143 and 0: the containers in the best class are the ones that started it.
 */
function telling(code: number): number {
  return [139, 137, 143, 0].indexOf(code) + 1
}

function exitCause(c: ContainerFacts & { exitCode: number }): Finding {
  const [summary, advice] = EXIT_WORDS[c.exitCode] ?? [
    `essential container ${c.name} exited with code ${c.exitCode}`,
    'Read its logs from the stopped task: the app crashed or quit while starting (a missing setting, an unreachable dependency, a wrong command).'
  ]
  const subject = `${c.name}:${c.exitCode}`
  return cause('essential-exit', STOPPED_PAGE, summary.replace('%', c.name), advice, subject)
}

const EXIT_WORDS: Record<number, [string, string]> = {
  // 137 = 128 + SIGKILL; the knowledge-center article on OutOfMemory names 137 and 139 as the
  // codes of memory-related failures.
  137: [
    'container % was killed (exit code 137, SIGKILL), most often for going over its memory limit',
    'Compare its memory use with the limit in the task definition; if memory is fine, it ignored SIGTERM until the stop timeout ran out.'
  ],
  // 139 = 128 + SIGSEGV; see 137 for the article that ties it to memory.
  139: [
    'container % crashed with a segmentation fault (exit code 139)',
    'Read its logs and look for memory faults in native code or a base image built for another CPU architecture.'
  ],
  // unconfirmed wording: no AWS page lists 143; it is 128 + SIGTERM, what StopTask sends first.
  143: [
    'container % exited on SIGTERM (exit code 143): it was told to stop',
    'Look for who stopped it (health checks, a scale-in, a person) in the service events.'
  ],
  0: [
    'essential container % finished (exit code 0), and an essential container that ends stops its task',
    'Run a long-lived process in it, or mark a container that is meant to finish as not essential.'
  ]
}

const essentialExit: Rule = {
  id: 'essential-exit',
  fromTask(task: TaskFacts) {
    if (task.stopCode !== 'EssentialContainerExited' && !ESSENTIAL.test(task.stoppedReason)) {
      return []
    }
    // Memory is the better name for it, and the out-of-memory rule gives that one.
    if (OOM.test(task.stoppedReason) || task.containers.some((c) => OOM.test(c.reason))) return []
    const exited = task.containers.filter(
      (c): c is ContainerFacts & { exitCode: number } => c.exitCode !== undefined
    )
    if (exited.length === 0) return [essentialCause()]
    const best = Math.min(...exited.map((c) => telling(c.exitCode)))
    return exited.filter((c) => telling(c.exitCode) === best).map(exitCause)
  },
  fromText: (text) => (ESSENTIAL.test(text) ? essentialCause() : undefined)
}

function essentialCause(): Finding {
  return cause(
    'essential-exit',
    STOPPED_PAGE,
    'an essential container exited (EssentialContainerExited)',
    "Read the containers' exit codes and logs of a stopped task to see why it quit."
  )
}

const ELB = /failed\s+ELB\s+health[\s-]*checks|is\s+unhealthy\s+in\s+\(\s*(?:target-group|elb)\b/i

const elbHealth: Rule = {
  id: 'elb-health',
  fromText(text) {
    if (!ELB.test(text)) return undefined
    const named = /\(\s*(target-group|elb)\s+([^)\s]+)\s*\)/i.exec(text)
    // An ARN names the group in its resource part: …:targetgroup/<name>/<id>
    const group = named?.[2]?.replace(/^arn:.*?:targetgroup\/([^/]+).*$/i, '$1')
    const kind = named?.[1]?.toLowerCase() === 'elb' ? 'load balancer' : 'target group'
    const why = /due\s+to\s+\(\s*reason\s+([^)]*)\)/i.exec(text)?.[1]
    return cause(
      'elb-health',
      LB_PAGE,
      `tasks failed the load balancer health checks${group ? ` of ${kind} ${fragment(group, 64)}` : ''}${why ? ` (${fragment(why, 100)})` : ''}`,
      "Check that the target group's health check port and path answer on the new revision, that the security groups let the load balancer in, and that healthCheckGracePeriodSeconds covers the start-up time.",
      group
    )
  }
}

// unconfirmed wording: the stopped reason reads "Task failed container health checks" in practice;
// https://repost.aws/knowledge-center/ecs-task-stopped calls it "Failed container health checks".
const CONTAINER_HEALTH = /failed\s+container\s+health[\s-]*checks?/i

const containerHealth: Rule = {
  id: 'container-health',
  fromTask(task) {
    const names = task.containers.filter((c) => c.healthStatus === 'UNHEALTHY').map((c) => c.name)
    // A task is UNHEALTHY when an essential container failed its health check (API HealthCheck).
    const unhealthy = names.length > 0 || task.healthStatus === 'UNHEALTHY'
    if (!unhealthy && !CONTAINER_HEALTH.test(task.stoppedReason)) return []
    return [healthCause(names)]
  },
  fromText: (text) => (CONTAINER_HEALTH.test(text) ? healthCause([]) : undefined)
}

function healthCause(names: readonly string[]): Finding {
  return cause(
    'container-health',
    HEALTH_PAGE,
    names.length > 0
      ? `container ${joined(names)} failed its health check command`
      : 'tasks failed their container health checks',
    'Run the healthCheck command by hand in the image (is curl or wget even in it?), and give a slow start a longer startPeriod.',
    joined(names)
  )
}

export const exitRules: readonly Rule[] = [outOfMemory, essentialExit, elbHealth, containerHealth]
