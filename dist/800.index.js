export const id = 800;
export const ids = [800];
export const modules = {

/***/ 1800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createEventBridgeClient: () => (/* binding */ createEventBridgeClient),
/* harmony export */   eventBridgeAdapter: () => (/* binding */ eventBridgeAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6612);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);


// 100 a page (the API's largest Limit): 100 pages is far beyond the 300 rules a bus holds by default.
const PAGE_LIMIT = 100;
const MAX_PAGES = 100;
// Each client createEventBridgeClient makes has a sibling for PutTargets.
const writers = new WeakMap();
function createEventBridgeClient() {
    // Region, credentials and AWS_ENDPOINT_URL_EVENTBRIDGE (serviceId "EventBridge") come from the
    // SDK's standard environment chain.
    const reads = new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .EventBridgeClient */ .Ldt((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)());
    reads.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
    let writes;
    writers.set(reads, () => {
        if (writes !== undefined)
            return writes;
        writes = new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .EventBridgeClient */ .Ldt((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .writeClientConfig */ .fr)());
        writes.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
        return writes;
    });
    return reads;
}
/**
 * PutTargets goes through `writes`, which the SDK retries only when AWS refused it unseen. It is
 * idempotent, though (a target with the same Id is replaced, so sending it twice puts it once):
 * the caller may repeat it after an ambiguous error (a 5xx, a reset, a timeout) without harm.
 */
function eventBridgeAdapter(client, writes = writers.get(client)?.() ?? client) {
    /** Follows NextToken; a bus with more pages than MAX_PAGES is an error, never a silent cut. */
    async function allPages(operation, page) {
        const items = [];
        let nextToken;
        for (let count = 0; count < MAX_PAGES; count++) {
            const answer = await page(nextToken);
            items.push(...answer.items);
            nextToken = answer.nextToken;
            if (nextToken === undefined || nextToken === '')
                return items;
        }
        throw new Error(`${operation} returned more than ${MAX_PAGES} pages; name the rules in "scheduled-tasks" instead.`);
    }
    return {
        listRules: ({ eventBusName }) => allPages('ListRules', async (nextToken) => {
            const answer = await client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .ListRulesCommand */ .TtM({
                EventBusName: eventBusName,
                Limit: PAGE_LIMIT,
                ...(nextToken !== undefined && { NextToken: nextToken })
            }));
            return { items: answer.Rules ?? [], ...withToken(answer.NextToken) };
        }),
        listTargetsByRule: ({ rule, eventBusName }) => allPages('ListTargetsByRule', async (nextToken) => {
            const answer = await client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .ListTargetsByRuleCommand */ .Hi6({
                Rule: rule,
                EventBusName: eventBusName,
                Limit: PAGE_LIMIT,
                ...(nextToken !== undefined && { NextToken: nextToken })
            }));
            return { items: answer.Targets ?? [], ...withToken(answer.NextToken) };
        }),
        listRuleNamesByTarget: ({ targetArn, eventBusName }) => allPages('ListRuleNamesByTarget', async (nextToken) => {
            const answer = await client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .ListRuleNamesByTargetCommand */ .CZz({
                TargetArn: targetArn,
                EventBusName: eventBusName,
                Limit: PAGE_LIMIT,
                ...(nextToken !== undefined && { NextToken: nextToken })
            }));
            return { items: answer.RuleNames ?? [], ...withToken(answer.NextToken) };
        }),
        async putTargets({ rule, eventBusName, targets }) {
            const answer = await writes.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_1__/* .PutTargetsCommand */ .Ve7({ Rule: rule, EventBusName: eventBusName, Targets: targets }));
            const failed = answer.FailedEntries ?? [];
            // A count without entries would otherwise read as success.
            if (failed.length === 0 && (answer.FailedEntryCount ?? 0) > 0) {
                return [{ ErrorCode: 'Unknown', ErrorMessage: `${answer.FailedEntryCount} entries failed` }];
            }
            return failed;
        }
    };
}
function withToken(nextToken) {
    return nextToken === undefined ? {} : { nextToken };
}


/***/ })

};
