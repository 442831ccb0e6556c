export const id = 307;
export const ids = [307];
export const modules = {

/***/ 3307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   codeDeployAdapter: () => (/* binding */ codeDeployAdapter),
/* harmony export */   createCodeDeployClient: () => (/* binding */ createCodeDeployClient)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7507);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);
/* harmony import */ var _mutations_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1825);



// ListDeploymentTargets pages; an ECS deployment has one target, so a few pages is plenty.
const MAX_TARGET_PAGES = 10;
// Each client createCodeDeployClient makes has a sibling for CreateDeployment.
const writers = new WeakMap();
function createCodeDeployClient() {
    // Region, credentials and AWS_ENDPOINT_URL_CODEDEPLOY (serviceId "CodeDeploy") come from the
    // SDK's standard environment chain.
    const reads = new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployClient */ .cHd((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)());
    reads.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
    let writes;
    writers.set(reads, () => {
        if (writes !== undefined)
            return writes;
        writes = new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployClient */ .cHd((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .writeClientConfig */ .fr)());
        writes.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
        return writes;
    });
    return reads;
}
/**
 * CreateDeployment goes through `writes`, which retries only throttling: a lost answer may hide a
 * deployment that started, and a second one would queue behind it, so it fails with what to check.
 * StopDeployment is retried as a read: stopping a deployment twice stops it once.
 */
function codeDeployAdapter(client, writes = writers.get(client)?.() ?? client) {
    return {
        async getDeploymentGroup(request) {
            const { deploymentGroupInfo } = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .GetDeploymentGroupCommand */ .WOp(request));
            if (deploymentGroupInfo === undefined) {
                throw new Error(`GetDeploymentGroup returned nothing for ${request.deploymentGroupName}`);
            }
            return deploymentGroupInfo;
        },
        async createDeployment(request) {
            const send = (command) => writes.send(command).catch((error) => {
                if (!(0,_mutations_js__WEBPACK_IMPORTED_MODULE_1__/* .isAmbiguous */ .X2)(error))
                    throw error;
                throw (0,_mutations_js__WEBPACK_IMPORTED_MODULE_1__/* .answerLost */ .lM)('CreateDeployment', error, `Look for a new deployment of deployment group ${request.deploymentGroupName} in the CodeDeploy console before running again.`);
            });
            const { deploymentId } = await send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .CreateDeploymentCommand */ .ttP({
                applicationName: request.applicationName,
                deploymentGroupName: request.deploymentGroupName,
                revision: { revisionType: 'AppSpecContent', appSpecContent: request.appSpec },
                ...(request.deploymentConfigName !== undefined && {
                    deploymentConfigName: request.deploymentConfigName
                }),
                ...(request.description !== undefined && { description: request.description })
            }));
            if (deploymentId === undefined)
                throw new Error('CreateDeployment returned no deployment id');
            return deploymentId;
        },
        async getDeployment(deploymentId) {
            const { deploymentInfo } = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .GetDeploymentCommand */ .Tvn({ deploymentId }));
            if (deploymentInfo === undefined)
                throw new Error(`GetDeployment returned nothing for ${deploymentId}`);
            return deploymentInfo;
        },
        async listDeploymentTargets(deploymentId) {
            const ids = [];
            let nextToken;
            for (let page = 0; page < MAX_TARGET_PAGES; page++) {
                const response = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .ListDeploymentTargetsCommand */ .$9V({
                    deploymentId,
                    ...(nextToken !== undefined && { nextToken })
                }));
                ids.push(...(response.targetIds ?? []));
                nextToken = response.nextToken;
                if (nextToken === undefined || nextToken === '')
                    break;
            }
            return ids;
        },
        async batchGetDeploymentTargets(request) {
            const { deploymentTargets } = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .BatchGetDeploymentTargetsCommand */ .Bsg(request));
            return deploymentTargets ?? [];
        },
        async stopDeployment(request) {
            const response = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_2__/* .StopDeploymentCommand */ .NzN(request));
            return {
                ...(response.status !== undefined && { status: response.status }),
                ...(response.statusMessage !== undefined && { statusMessage: response.statusMessage })
            };
        }
    };
}


/***/ })

};
