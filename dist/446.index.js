export const id = 446;
export const ids = [446];
export const modules = {

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   logsAdapter: () => (/* binding */ logsAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2684);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);


function logsAdapter() {
    // awslogs can write to another region than the service's, so one client per region.
    const clients = new Map();
    const clientFor = (region) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .CloudWatchLogsClient */ .TFr({ region, ...(0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)() });
            client.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
            clients.set(region, client);
        }
        return client;
    };
    return {
        async tail({ region, group, stream, lines }) {
            const response = await clientFor(region).send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .GetLogEventsCommand */ .h7S({
                logGroupName: group,
                logStreamName: stream,
                limit: lines,
                startFromHead: false
            }));
            return (response.events ?? []).map((event) => (event.message ?? '').replace(/\n$/, ''));
        }
    };
}


/***/ })

};
