export const id = 879;
export const ids = [879,32];
export const modules = {

/***/ 1032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   USER_AGENT: () => (/* reexport safe */ _client_config_js__WEBPACK_IMPORTED_MODULE_0__._O),
/* harmony export */   createEcsClient: () => (/* binding */ createEcsClient),
/* harmony export */   ecsAdapter: () => (/* binding */ ecsAdapter),
/* harmony export */   writeClientFor: () => (/* binding */ writeClientFor)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(212);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);



function definedOnly(members) {
    return Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined));
}
// Each client createEcsClient makes has a sibling for the calls that change something.
const writers = new WeakMap();
/**
 * The ECS client for reads (the SDK retries transient errors up to max-retries attempts), with a
 * sibling for changes that retries only refusals; writeClientFor finds it. Region, credentials and
 * AWS_ENDPOINT_URL_ECS come from the SDK's standard environment chain.
 */
function createEcsClient() {
    const reads = new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ECSClient */ .Zgc((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)());
    reads.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
    let writes;
    writers.set(reads, () => {
        if (writes !== undefined)
            return writes;
        writes = new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ECSClient */ .Zgc((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .writeClientConfig */ .fr)());
        writes.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
        return writes;
    });
    return reads;
}
/** The sibling of a client from createEcsClient; any other client (a test's) is its own. */
function writeClientFor(client) {
    return writers.get(client)?.() ?? client;
}
/**
 * RegisterTaskDefinition and UpdateService go through `writes`: a 5xx, a reset or a timeout reaches
 * the caller, which checks what happened before trying again (phases/register.ts, safe-update.ts).
 */
function ecsAdapter(client, writes = writeClientFor(client)) {
    return {
        region: () => client.config.region(),
        async registerTaskDefinition(input) {
            const { taskDefinition } = await writes.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .RegisterTaskDefinitionCommand */ .$Hl(input));
            if (taskDefinition?.taskDefinitionArn === undefined) {
                throw new Error('RegisterTaskDefinition returned no task definition ARN');
            }
            return taskDefinition;
        },
        async describeTaskDefinition(arn) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition: arn, include: ['TAGS'] }));
            if (response.taskDefinition === undefined)
                throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
            return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] };
        },
        async describeService({ cluster, service }) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServicesCommand */ .H7c({ cluster, services: [service] }));
            return response.services?.[0];
        },
        async updateService(request) {
            // Only what the user asked for: an unset desiredCount must not clobber autoscaling, and an
            // unset volume must not wipe the service's EBS configuration (an empty list would).
            const { volumeConfiguration, ...members } = request;
            const { service } = await writes.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .UpdateServiceCommand */ .kZr({
                ...definedOnly(members),
                ...(volumeConfiguration !== undefined && {
                    volumeConfigurations: [
                        {
                            name: volumeConfiguration.name,
                            managedEBSVolume: volumeConfiguration.managedEBSVolume
                        }
                    ]
                })
            }));
            if (service === undefined)
                throw new Error('UpdateService returned no service');
            return service;
        },
        async describeServiceDeployment(arn) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServiceDeploymentsCommand */ .A6p({ serviceDeploymentArns: [arn] }));
            return response.serviceDeployments?.[0];
        },
        async listServiceDeployments({ cluster, service, createdAfter }) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ListServiceDeploymentsCommand */ .jz8({ cluster, service, createdAt: { after: createdAfter } }));
            return response.serviceDeployments ?? [];
        },
        async serviceRevisionTaskDefinition(arn) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServiceRevisionsCommand */ .oF5({ serviceRevisionArns: [arn] }));
            return response.serviceRevisions?.[0]?.taskDefinition;
        },
        async stopServiceDeployment({ arn, stopType }) {
            await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .StopServiceDeploymentCommand */ .a8L({ serviceDeploymentArn: arn, stopType }));
        },
        async listStoppedTasks({ cluster, deploymentId }) {
            // ECS allows startedBy only with desiredStatus; the tasks of our deployment are exactly these.
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ListTasksCommand */ .MYg({ cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' }));
            return response.taskArns ?? [];
        },
        async describeTasks({ cluster, taskArns }) {
            if (taskArns.length === 0)
                return [];
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTasksCommand */ .z8X({ cluster, tasks: taskArns.slice(0, 100) }));
            return response.tasks ?? [];
        }
    };
}


/***/ }),

/***/ 9879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tasksAdapter: () => (/* binding */ tasksAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _mutations_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1825);



// A task created this long before RunTask was sent cannot be its task (clock skew).
const SKEW_MS = 5 * 60_000;
/**
 * RunTask goes through `writes`, which retries only throttling: a second migration task must never
 * start. After a lost answer the cluster is searched for the task, to say whether it started, and
 * the gate fails. StopTask is retried as a read: stopping a task twice stops it once.
 */
function tasksAdapter(client, writes = (0,_ecs_js__WEBPACK_IMPORTED_MODULE_0__.writeClientFor)(client)) {
    /** Tasks of the revision with this startedBy created since `since`, running or stopped. */
    async function startedSince(request, since) {
        const arns = [];
        for (const desiredStatus of ['RUNNING', 'STOPPED']) {
            const listed = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListTasksCommand */ .MYg({
                cluster: request.cluster,
                startedBy: request.startedBy,
                desiredStatus
            }));
            arns.push(...(listed.taskArns ?? []));
        }
        if (arns.length === 0)
            return [];
        const described = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTasksCommand */ .z8X({ cluster: request.cluster, tasks: arns.slice(0, 100) }));
        return (described.tasks ?? []).filter((task) => task.taskDefinitionArn === request.taskDefinition &&
            (task.createdAt === undefined || task.createdAt.getTime() >= since - SKEW_MS));
    }
    async function lostAnswer(request, error, since) {
        const who = `started by ${request.startedBy}`;
        let check;
        try {
            const found = (await startedSince(request, since)).flatMap((t) => t.taskArn === undefined ? [] : [t.taskArn]);
            check =
                found.length > 0
                    ? `It did: task ${found.join(', ')} (${who}) runs ${request.taskDefinition}. It is not watched: wait for it or stop it before running again.`
                    : `No task of ${request.taskDefinition} ${who} is listed in cluster ${request.cluster}, but ECS may list one a moment late: check the cluster's tasks before running again.`;
        }
        catch {
            check = `Check cluster ${request.cluster} for a task ${who} before running again.`;
        }
        return (0,_mutations_js__WEBPACK_IMPORTED_MODULE_1__/* .answerLost */ .lM)('RunTask', error, check);
    }
    return {
        async runTask(request) {
            const network = request.network;
            const sentAt = Date.now();
            const response = await writes
                .send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .RunTaskCommand */ ._eD({
                cluster: request.cluster,
                taskDefinition: request.taskDefinition,
                count: 1,
                startedBy: request.startedBy,
                ...(request.containerOverrides.length > 0 && {
                    overrides: { containerOverrides: [...request.containerOverrides] }
                }),
                ...(request.capacityProviderStrategy === undefined
                    ? request.launchType !== undefined && { launchType: request.launchType }
                    : { capacityProviderStrategy: [...request.capacityProviderStrategy] }),
                ...(network !== undefined && {
                    networkConfiguration: {
                        awsvpcConfiguration: {
                            subnets: [...network.subnets],
                            ...(network.securityGroups.length > 0 && {
                                securityGroups: [...network.securityGroups]
                            }),
                            assignPublicIp: network.assignPublicIp
                        }
                    }
                }),
                ...(request.tags.length > 0 && { tags: [...request.tags] }),
                ...(request.enableECSManagedTags !== undefined && {
                    enableECSManagedTags: request.enableECSManagedTags
                })
            }))
                .catch(async (error) => {
                throw (0,_mutations_js__WEBPACK_IMPORTED_MODULE_1__/* .isAmbiguous */ .X2)(error) ? await lostAnswer(request, error, sentAt) : error;
            });
            return { tasks: response.tasks ?? [], failures: response.failures ?? [] };
        },
        async describeTasks({ cluster, taskArns }) {
            if (taskArns.length === 0)
                return [];
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTasksCommand */ .z8X({ cluster, tasks: taskArns.slice(0, 100) }));
            return response.tasks ?? [];
        },
        async stopTask({ cluster, task, reason }) {
            const response = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .StopTaskCommand */ .PP1({ cluster, task, reason }));
            return response.task;
        }
    };
}


/***/ })

};
