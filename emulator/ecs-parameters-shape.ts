// The EcsParameters of an ECS target: the same members in EventBridge (PutTargets) and Scheduler
// (UpdateSchedule), but for Tags, which EventBridge sends as Key/Value pairs and Scheduler as maps.
import { shape, type Shape } from './validate.js'

const strings = shape.list(shape.string)

export function ecsParametersShape(tags: Shape): Shape {
  return shape.structure({
    TaskDefinitionArn: shape.string,
    TaskCount: shape.integer,
    LaunchType: shape.string,
    NetworkConfiguration: shape.structure({
      awsvpcConfiguration: shape.structure({
        Subnets: strings,
        SecurityGroups: strings,
        AssignPublicIp: shape.string
      })
    }),
    PlatformVersion: shape.string,
    Group: shape.string,
    CapacityProviderStrategy: shape.list(
      shape.structure({
        capacityProvider: shape.string,
        weight: shape.integer,
        base: shape.integer
      })
    ),
    EnableECSManagedTags: shape.boolean,
    EnableExecuteCommand: shape.boolean,
    PlacementConstraints: shape.list(
      shape.structure({ type: shape.string, expression: shape.string })
    ),
    PlacementStrategy: shape.list(shape.structure({ type: shape.string, field: shape.string })),
    PropagateTags: shape.string,
    ReferenceId: shape.string,
    Tags: tags
  })
}
