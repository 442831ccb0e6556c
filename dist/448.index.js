export const id = 448;
export const ids = [448];
export const modules = {

/***/ 3448:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   logStreamAdapter: () => (/* binding */ logStreamAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2684);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);


/** `config` is for tests (endpoint, credentials); the region always comes from the request. */
function logStreamAdapter(config = {}) {
    // awslogs can write to another region than the cluster's, so one client per region.
    const clients = new Map();
    const clientFor = (region) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .CloudWatchLogsClient */ .TFr({ ...(0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)(), ...config, region });
            client.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
            clients.set(region, client);
        }
        return client;
    };
    return {
        async readForward({ region, group, stream, token }) {
            const response = await clientFor(region).send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .GetLogEventsCommand */ .h7S({
                logGroupName: group,
                logStreamName: stream,
                // startFromHead applies only without a token; a forward token carries its own direction.
                startFromHead: true,
                ...(token !== undefined && { nextToken: token })
            }));
            return {
                lines: (response.events ?? []).map((event) => (event.message ?? '').replace(/\r?\n$/, '')),
                nextToken: response.nextForwardToken
            };
        }
    };
}


/***/ })

};
