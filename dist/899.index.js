export const id = 899;
export const ids = [899];
export const modules = {

/***/ 3899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   octokitDeploymentsPort: () => (/* binding */ octokitDeploymentsPort)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);

/** An error for a 2xx answer that is not the one asked for; shaped like octokit's RequestError. */
class UnexpectedAnswer extends Error {
    status;
    name = 'UnexpectedAnswer';
    response;
    constructor(status, message) {
        super(message);
        this.status = status;
        this.response = { data: { message } };
    }
}
/** The deployments port over @actions/github's octokit: one method per REST call, nothing more. */
function octokitDeploymentsPort(options) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl });
    // Per call, so the proxy-aware fetch @actions/github installs stays in place (request options
    // given to the constructor would replace it).
    const request = () => ({
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000)
    });
    return {
        createDeployment: async ({ payload, ...rest }) => {
            const response = await octokit.rest.repos.createDeployment({
                ...rest,
                payload: payload,
                request: request()
            });
            // 202 is "merged the default branch into the ref"; it cannot happen with auto_merge false.
            if (!('id' in response.data)) {
                throw new UnexpectedAnswer(response.status, response.data.message ?? 'GitHub created no deployment');
            }
            return { id: response.data.id };
        },
        createDeploymentStatus: async (status) => {
            await octokit.rest.repos.createDeploymentStatus({ ...status, request: request() });
        }
    };
}


/***/ })

};
